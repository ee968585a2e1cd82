"""Sentence pools for the benchmark data set (``manage.py generate_load_data``).

Written to docs/content.md and the content guide: calm, never blaming, a next
step and a trusted adult on every page for a young person, and only the
national help routes the demo already names. Pages are composed from these
pools by a seeded random generator, so the same seed gives the same pages.
"""

# Per age band: what pages are about (title subjects), summary and body
# sentences, headings, and easy-read lines (15 words or fewer a sentence).
YOUNG_PEOPLE = {
    "4-7": {
        "subjects": [
            "your safe grown-ups",
            "secrets that feel bad",
            "your body belongs to you",
            "saying no",
            "asking before you go online",
            "feeling worried",
            "telling a grown-up",
            "kind friends",
            "games and videos with your grown-up",
            "feelings in your tummy",
            "who helps you at school",
            "surprises and secrets",
        ],
        "summary": [
            "Read this with your grown-up.",
            "Some secrets should be told.",
            "Your body belongs to you.",
            "You can always tell a grown-up you trust.",
            "Here is what to do if you feel worried.",
            "Nobody should make you feel scared or sad.",
        ],
        "body": [
            "A safe grown-up listens to you.",
            "You can tell a grown-up you trust about any worry.",
            "Surprises are fun and get told soon.",
            "A secret that makes you feel bad should be told.",
            "Your body belongs to you.",
            "You can say no, even to someone you know.",
            "Ask your grown-up before you go online.",
            "You will not be in trouble for telling.",
            "Keep telling until someone listens.",
            "Your teacher can help you too.",
        ],
        "headings": [
            "Who can you tell?",
            "Your safe grown-ups",
            "If you feel worried",
            "Good secrets and bad secrets",
            "You are the boss of your body",
        ],
        "easy_read": [
            "Tell a grown-up you trust.",
            "You will not be in trouble.",
            "Your body belongs to you.",
            "You can say no.",
            "Ask before you go online.",
            "Some secrets should be told.",
        ],
    },
    "8-10": {
        "subjects": [
            "online friends",
            "gifts and secrets",
            "what a good friend is like",
            "telling someone",
            "games and chats",
            "keeping your details private",
            "when a friend is worried",
            "feeling pressured",
            "blocking and reporting",
            "people who are not who they say",
            "trusted adults at school",
            "kind and unkind messages",
        ],
        "summary": [
            "A good friend never asks you to keep a worrying secret.",
            "People online are not always who they say they are.",
            "Here is how to tell someone when something feels wrong.",
            "Gifts that come with secrets are a warning sign.",
            "You can block, report and tell a grown-up you trust.",
            "It is never your fault if someone makes you feel uncomfortable.",
        ],
        "body": [
            "A good friend is kind and listens to you.",
            "Someone you only know online may not be who they say.",
            "Be careful if someone gives you gifts and asks you to keep it secret.",
            "Keep your address, school and phone number private.",
            "You can block and report anyone who makes you feel uncomfortable.",
            "Tell a grown-up you trust, like a parent, carer or teacher.",
            "You will not be in trouble for telling.",
            "Childline is free on 0800 1111, and you can talk about anything.",
            "If the first person does not help, tell someone else.",
            "Nobody should ask you for pictures of yourself.",
        ],
        "headings": [
            "What a good friend is like",
            "Online friends",
            "Gifts and secrets",
            "How to tell someone",
            "If something feels wrong",
        ],
        "easy_read": [
            "People online may not be who they say.",
            "Keep your address private.",
            "Block and report anyone who worries you.",
            "Tell a grown-up you trust.",
            "Gifts with secrets are a warning sign.",
            "You will not be in trouble.",
        ],
    },
    "11-13": {
        "subjects": [
            "how grooming works",
            "pressure to share pictures",
            "what consent means",
            "online friendships",
            "when attention feels too much",
            "getting images taken down",
            "healthy and unhealthy friendships",
            "saying no online",
            "helping a friend",
            "why it is never your fault",
            "group chats",
            "trusting your feelings",
        ],
        "summary": [
            "Grooming often starts with attention and gifts, then secrets.",
            "Nobody has the right to pressure you for pictures.",
            "Consent means agreeing freely, and you can always change your mind.",
            "It is never your fault if someone pressures or tricks you.",
            "Here are the signs, and who you can talk to.",
            "Report Remove can help get a nude image taken down.",
        ],
        "body": [
            "Grooming is when someone builds trust so they can abuse or exploit a child.",
            "It often starts with lots of attention, compliments and gifts.",
            "Then come secrets, and being pulled away from friends and family.",
            "Pressure to send pictures is a warning sign, however nice someone seems.",
            "Consent means agreeing freely, without pressure, and you can change your mind.",
            "It is never your fault, whatever happened before.",
            "You can talk to a parent, carer, teacher or another adult you trust.",
            "Childline is free and confidential on 0800 1111.",
            "Report Remove at childline.org.uk/remove can help take an image down.",
            "A real friend respects it when you say no.",
        ],
        "headings": [
            "How grooming works",
            "Pressure to share pictures",
            "What consent means",
            "It is not your fault",
            "Where to get help",
        ],
        "easy_read": [
            "Nobody should pressure you for pictures.",
            "You can say no and change your mind.",
            "It is never your fault.",
            "Talk to an adult you trust.",
            "Childline is free on 0800 1111.",
            "A real friend respects your choices.",
        ],
    },
    "14-17": {
        "subjects": [
            "controlling relationships",
            "parties and pressure",
            "debts and threats",
            "going missing",
            "sharing nudes and Report Remove",
            "your rights",
            "help without judgement",
            "older boyfriends and girlfriends",
            "being moved between places",
            "looking out for friends",
            "what exploitation looks like",
            "getting your images removed",
        ],
        "summary": [
            "Exploitation can start with gifts, attention and a feeling of belonging.",
            "You have the right to be safe, and help is there without judgement.",
            "A debt you are told you owe is never a reason to be harmed.",
            "If you go missing, people want you home safe, not in trouble.",
            "Report Remove can help take a nude image off the internet.",
            "It is never the young person's fault when an adult exploits them.",
        ],
        "body": [
            "Exploitation is when someone uses gifts, attention, debts or fear to control you.",
            "An older partner who controls who you see is a warning sign.",
            "A debt you are told you owe does not give anyone the right to harm you.",
            "Being taken to places you do not know is a sign something is wrong.",
            "If you go missing, Missing People can help on 116 000, call or text.",
            "Report Remove at childline.org.uk/remove can help take a nude image down.",
            "You are not in trouble: a child cannot consent to being exploited.",
            "You can talk to Childline for free on 0800 1111.",
            "If you are in danger now, call 999.",
            "A teacher, youth worker or another adult you trust can help you.",
        ],
        "headings": [
            "What exploitation looks like",
            "Your rights",
            "If you have gone missing",
            "Images online",
            "Help without judgement",
        ],
        "easy_read": [
            "It is never your fault.",
            "Nobody has the right to control you.",
            "Call 999 if you are in danger.",
            "Childline is free on 0800 1111.",
            "Report Remove can take images down.",
            "Talk to an adult you trust.",
        ],
    },
}

# Per adult audience: the same parts, for readers who look after children.
ADULTS = {
    "parents-and-carers": {
        "subjects": [
            "talking with your child",
            "the signs to look for",
            "online safety at home",
            "if your child goes missing",
            "return home interviews",
            "gifts, new friends and secrets",
            "listening without blame",
            "apps and games",
        ],
        "summary": [
            "How to notice changes in your child and what to do next.",
            "Small, everyday talks help children tell you when something is wrong.",
            "What to do if your child goes missing, and what happens when they come back.",
            "A child can never agree to their own exploitation.",
        ],
    },
    "schools": {
        "subjects": [
            "responding to a disclosure",
            "signs in the classroom",
            "working with your designated safeguarding lead",
            "recording a concern",
            "talking with parents and carers",
            "online safety in school",
        ],
        "summary": [
            "Clear steps for staff when a pupil tells you something.",
            "What to notice, what to record and who to tell.",
            "How to support pupils without blame.",
        ],
    },
    "transport": {
        "subjects": [
            "signs for drivers",
            "young people travelling alone late at night",
            "what to do on your shift",
            "reporting a concern from your vehicle",
        ],
        "summary": [
            "What taxi, bus and rail staff may see, and exactly what to do.",
            "A short briefing for drivers and station staff.",
        ],
    },
    "businesses": {
        "subjects": [
            "signs in hotels",
            "signs in food outlets and shops",
            "what to do at work",
            "training your staff",
        ],
        "summary": [
            "What staff in hotels, shops and food outlets may notice, and who to call.",
            "A short briefing for staff rooms and back offices.",
        ],
    },
    "professionals": {
        "subjects": [
            "information sharing",
            "missing episodes",
            "return home interviews",
            "recording what you see",
            "working with families",
            "contextual safeguarding",
        ],
        "summary": [
            "Practical guidance on signs, information sharing and next steps.",
            "What to record, who to tell and how to support the child.",
        ],
    },
}

ADULT_BODY = [
    "Look for changes: new phones or gifts, older friends, going missing or staying out late.",
    "Listen calmly, without blame, and do not promise to keep what you hear a secret.",
    "A child cannot consent to their own exploitation, whatever they say at the time.",
    "Write down what you saw and heard, in the words used, with the date and time.",
    "If a child is in immediate danger, call the police on 999.",
    "If you are worried about a child, the NSPCC helpline is on 0808 800 5000.",
    "Report online sexual abuse or grooming to the CEOP Safety Centre.",
    "Call 101 to report a concern to the police when it is not an emergency.",
    "Missing People can be called or texted free on 116 000.",
    "Keep talking: one conversation is rarely enough, and trust builds over time.",
]
ADULT_HEADINGS = [
    "The signs",
    "What to do",
    "Talking without blame",
    "Who to call",
    "What to write down",
]

# Title openings by format slug: "{opening} {subject}".
TITLE_OPENINGS = {
    "guide": ["A guide to", "Your guide to", "Understanding", "Help with"],
    "story": ["A story about", "A short story about", "Finn's story about", "Amira's story about"],
    "poem": ["A poem about", "Spoken word: thinking about", "Verses about"],
    "comic": ["A comic about", "A picture story about"],
    "video": ["A short video about", "Watch: a film about"],
    "poster": ["A poster about", "Poster: remember"],
    "activity": ["Things to do: thinking about", "An activity about", "A game about"],
    "quiz": ["Quiz: what do you know about", "A quiz about"],
    "leaflet": ["A leaflet about", "Quick facts about"],
}

TRUSTED_ADULT_TEXT = [
    "Think of one grown-up you could talk to this week. You do not need the right words.",
    "You can start with: Can I talk to you about something?",
    "If the first person does not listen, tell someone else until someone helps.",
]
TRUSTED_ADULT_EXAMPLES = [
    "a parent or carer",
    "a teacher or teaching assistant",
    "a grandparent or other family member",
    "a sports coach or club leader",
    "a school nurse",
    "a youth worker",
]

# Lesson pack themes, by key stage slug (the demo's key stages).
PACK_THEMES = [
    "Safe and unsafe secrets",
    "Trusted adults in our lives",
    "Online friends and strangers",
    "What makes a healthy friendship",
    "Pressure, choices and saying no",
    "Recognising grooming",
    "Consent and the law",
    "Sharing images: what to do",
    "Exploitation and getting help",
    "Looking out for each other",
    "Going missing and coming home",
    "Gifts, favours and debts",
]
PACK_FORMS = [
    ("a single lesson", 1, 45),
    ("a short tutor-time session", 1, 25),
    ("two lessons", 2, 60),
    ("an extended session", 1, 90),
    ("three short lessons", 3, 30),
]

# Co-creation: what children send in answer to a call (no personal details).
NICKNAMES = [
    "Sky", "Robin", "Sunny", "Ash", "River", "Star", "Pip", "Jay", "Bee", "Max",
    "Lou", "Kit", "Sam", "Rae", "Bo", "Remy", "Tig", "Nova", "Jojo", "Wren",
]  # fmt: skip
SUBMISSION_TITLES = [
    "My tips for staying safe online",
    "Who I would tell",
    "A poem about good friends",
    "A poster about trusted adults",
    "What a good friend does",
    "If a friend is worried",
    "Think before you share",
    "Block, report, tell",
    "My safe grown-ups",
    "Secrets that should be told",
]
SUBMISSION_SENTENCES = [
    "If someone online asks you to keep a secret, tell a grown-up you trust.",
    "A good friend listens and never makes you feel scared.",
    "You can always block and report someone.",
    "Talking to my teacher helped me feel better.",
    "Never share your address or your school online.",
    "If a friend seems worried, ask them if they are OK.",
    "You will not be in trouble for telling someone.",
    "Childline is there for you on 0800 1111.",
]
