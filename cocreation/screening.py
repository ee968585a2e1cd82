"""Screening a child's words: personal details to remove, and possible disclosures of harm.

Pure functions, no database: ``cocreation.services.screening`` reads the
editable lists from ``ScreeningSettings`` and stores what is found.

- ``find_personal_details(text, school_names=...)`` returns ``Finding``s (a kind
  and a place in the text, never a copy of what was found): email addresses,
  UK phone numbers (Google's libphonenumber, through ``phonenumbers``),
  postcodes, street addresses, social media handles, links and usernames
  ("my snap is …", "add me on …"), school names (the editable list, and
  "X Primary", "X Academy", "X High School"…) and full names where they can be
  told apart from ordinary words ("my name is Jo Bloggs", or a common first
  name followed by a capitalised word).
- ``find_disclosures(text, phrases=...)`` returns the phrases of the editable
  list that the text contains.
- ``redact(text, findings)`` puts "[removed]" in place of each finding.

Screening prefers a false alarm to a miss: a moderator undoes a needless
"[removed]" in a second, and a missed address cannot be unpublished from
everyone who read it. It still tries not to flag ordinary writing ("I was 12",
"we went to the park").

Disclosure phrases, one per line (``ScreeningSettings.disclosure_phrases``):

- A plain line matches whole words anywhere in the text, ignoring case,
  punctuation, the style of apostrophe (and whether there is one: "dont tell
  anyone" matches "don't tell anyone") and extra spaces or line breaks.
- A line written between slashes, ``/he (hit|kicked) me/``, is a Python regular
  expression, matched ignoring case against the original text and against the
  normalised text (lower case, no apostrophes, punctuation turned into single
  spaces). ``ScreeningSettings.clean`` refuses one that does not compile.
- Empty lines and lines starting with ``#`` are ignored.
"""

import re
from dataclasses import dataclass

import phonenumbers

REMOVED = "[removed]"


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str

    def as_dict(self):
        return {"kind": self.kind, "start": self.start, "end": self.end}


# --- Personal details ---------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
# "sam at gmail dot com", as children write an address to slip it past a filter.
SPELT_EMAIL = re.compile(
    r"\b[\w.+-]+\s*(?:@|\(at\)|\[at\]|\bat\b)\s*"
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|live|aol|btinternet|sky|proton(?:mail)?)"
    r"\s*(?:\.|\bdot\b)\s*(?:com|net|co\s*(?:\.|\bdot\b)\s*uk)\b",
    re.IGNORECASE,
)

# Full UK postcodes ("LS6 2AB", "ls62ab", "SW1A 1AA").
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b", re.I)

STREET_WORDS = (
    "road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|crescent|court|ct|place|pl|"
    "gardens|gdns|terrace|grove|hill|park|row|walk|square|sq|mews|rise|view|green|vale|"
    "parade|mount|fold|gate|croft|wynd|boulevard|approach|end|meadow|meadows|chase"
)
# Words that begin ordinary phrases, so "I have 2 cats in the park" is no address.
_NOT_A_STREET_NAME = (
    r"(?!(?:the|a|an|in|at|to|on|of|and|or|my|our|your|his|her|their|big|small|little|"
    r"new|old|different|other|more|times|days|weeks|hours|minutes|years|people|kids|friends|"
    r"of|with|for|from|by|into|near)\b)"
)
STREET_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:{_NOT_A_STREET_NAME}[A-Za-z][A-Za-z'-]+\s+){{1,3}}"
    rf"(?:{STREET_WORDS})\b\.?",
    re.IGNORECASE,
)
# "I live on Acacia Avenue": no number, but said to be where they live.
LIVES_ON = re.compile(
    r"\b(?:live|lives|living|stay|stays|staying)\s+(?:on|in|at|off)\s+"
    rf"((?:[A-Z][A-Za-z'-]+\s+){{1,3}}(?i:{STREET_WORDS}))\b"
)

SOCIAL_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
TLDS = (
    "com|co\\.uk|org\\.uk|uk|org|net|io|me|tv|gg|app|ly|be|info|xyz|co|ai|dev|link|live|"
    "site|online|fm|to|cc|ru|de|fr|ie|us|ca"
)
LINK = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    rf"|\b(?:[a-z0-9-]+\.)+(?:{TLDS})\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
PLATFORMS = (
    r"snap(?:chat)?|sc|insta(?:gram)?|ig|tik\s?tok|tt|discord|roblox|fortnite|minecraft|"
    r"xbox|psn|playstation|steam|whats\s?app|telegram|kik|twitter|x|youtube|yt|twitch|"
    r"facebook|fb|threads|bereal|wink|yubo|reddit|pinterest|signal"
)
# Words that follow "add me on snapchat" without being a username.
_NOT_A_USERNAME = (
    r"(?!(?:and|or|if|so|to|please|pls|plz|because|cos|coz|but|then|now|too|later|"
    r"tonight|today|tomorrow|sometime|maybe|is|my|me|for|the|a|it|name|username|account|"
    r"handle|user)\b)"
)
USERNAME = re.compile(
    rf"\b(?:(?:my|our)\s+(?:{PLATFORMS})(?:\s+(?:name|username|user|handle|account|id))?"
    r"(?:\s*(?:is|'s|’s|=|:|-)\s*|\s+)"
    rf"|(?:add|follow|find|message|msg|dm|text|chat\s+to|talk\s+to)\s+(?:me|us)\s+"
    rf"(?:on|at|in)\s+(?:{PLATFORMS})(?:\s*(?:at|:|-|=)\s*|\s+))"
    rf"{_NOT_A_USERNAME}(@?[A-Za-z0-9_][A-Za-z0-9_.]{{1,29}})",
    re.IGNORECASE,
)

SCHOOL_TYPES = (
    r"(?:(?:Primary|Junior|Infant|Infants|Secondary|High|Grammar|Middle|Community|Catholic|"
    r"C\s?of\s?E|CE|RC|Church|Free|Sixth\s+Form|Prep|Preparatory|Special)\s+)*"
    r"(?:School|Academy|College|Primary|Juniors|Infants)"
)
# The first word is not a determiner or a school type: "My School", "Primary School".
_NOT_A_SCHOOL_NAME = (
    r"(?!(?:My|Our|Your|The|A|An|This|That|These|Those|His|Her|Their|Every|Any|Some|No|"
    r"Primary|Secondary|High|Junior|Infant|Infants|Middle|Big|New|Old|At|In|To|From|"
    r"Before|After|When|Then|And|But|So|Because|I|We|You|He|She|They|It|Grammar|Sixth|"
    r"Free|Special|Church|Community|Catholic|Prep|Art|Drama|Dance|Music|Football|Sunday)\b)"
)
SCHOOL_PATTERN = re.compile(
    rf"\b{_NOT_A_SCHOOL_NAME}(?:St\.?\s+|Saint\s+)?[A-Z][A-Za-z'’-]+"
    rf"(?:\s+(?:of|the|and|&|on|upon|St\.?|[A-Z][A-Za-z'’-]+))*?\s+{SCHOOL_TYPES}\b"
)


# Common first names in England and Wales (ONS baby names, 2000s-2010s, a
# selection): a name followed by a capitalised word is probably a full name.
def _word_set(words):
    return frozenset(words.split())


FIRST_NAMES = _word_set(
    """
    aaliyah aaron abdul abigail adam aisha aiden alex alexander alfie alice alicia amber amelia
    amelie amir amy ana anna archie aria arthur ava ayaan ayesha bella ben benjamin bethany billy
    bobby brandon callum cameron caitlin charlie charlotte chloe connor daisy daniel danny darcy
    david declan dylan eden edward eleanor elijah elizabeth ella ellie eloise elsie emilia emily
    emma erin ethan eva evelyn evie faith fatima finley finn florence frankie freddie freya gabriel
    george georgia grace gracie hannah harley harper harriet harrison harry harvey hassan hayden
    hollie holly hugo ibrahim imogen isaac isabel isabella isabelle isla ivy jack jackson jacob jade
    jake james jamie jasmine jayden jessica jenson jodie joe joel john jonathan jordan joseph joshua
    jude kai katie kayla keira kian kieran kyle lacey lara layla leah leo leon lewis lexi liam lily
    lola louie louis lucas lucy luke luna maisie maria martha mason matilda matthew max maya megan
    mia michael mohammed mohammad muhammad molly musa nathan niamh noah olivia oliver ollie omar
    oscar owen paige phoebe poppy reece reggie rhys riley robert rory rosie ruby ryan sam samuel
    sara sarah scarlett sebastian sienna sofia sophia sophie stanley summer taylor teddy theo thomas
    toby tommy tyler victoria violet willow william yusuf zac zach zachary zara zoe
    """
)
# Capitalised words that follow a first name without being a surname.
NOT_SURNAMES = _word_set(
    """
    and or but the a an is was were are has had have will would said says told asked went goes
    came comes and then so if when because my your his her our their me him them us i we you he
    she they it this that not no yes too also always never just only did does do can could
    should might may must lives lived likes liked loves loved hates hated wants wanted got gets
    saw sees made makes thinks thought knows knew felt feels keeps kept helped helps tried tries
    plays played road street lane avenue close drive way crescent court place gardens terrace
    grove hill park school academy college primary high monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november
    december mum mam dad nan gran grandad uncle auntie aunt
    """
)
_CAPITALISED = r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?"
# Capitalised words that follow "I'm" or "I am" in a title ("I'm Not Scared").
NOT_A_NAME_AFTER_CUE = (
    r"(?!(?:Not|Going|So|Very|Really|Feeling|Here|Back|Home|Sorry|Okay|Ok|Fine|Scared|Happy|"
    r"Sad|Afraid|Always|Never|Just|Also|Still|Only|From|The|A|An|In|At|On|Safe|Free|Brave|"
    r"Strong|Me|You|Him|Her|Them|Us|Your|My|It|Who|What|Why|How|Good|Bad|Worried|Alone|"
    r"Ready|Done|Sure|Tired|Angry|Lonely|Stuck|Online|Friends|Best|Too|Still|Being|Not)\b)"
)
NAME_AFTER_CUE = re.compile(
    r"\b(?i:my\s+name\s+is|my\s+names|my\s+name['’]s|i\s+am|i['’]m|im|called|named|"
    r"call\s+me|known\s+as|this\s+is|by)\s+"
    rf"({NOT_A_NAME_AFTER_CUE}{_CAPITALISED}(?:\s+{_CAPITALISED})+)"
)
# A lookahead, so that "Then Jack Smith" is tried at "Jack" too.
NAME_PAIR = re.compile(rf"(?=\b({_CAPITALISED})\s+({_CAPITALISED})(?:\s+({_CAPITALISED}))?)")

# Public helplines a child may well write down; they identify nobody.
HELPLINE_NUMBERS = frozenset({"08001111", "08088005000", "116123", "116111", "999", "111", "101"})


def find_personal_details(text, *, school_names=()):
    """Every personal detail found in ``text``, in order, as ``Finding``s."""
    if not text:
        return []
    found = []
    found += _matches(EMAIL, text, "email")
    found += _matches(SPELT_EMAIL, text, "email")
    found += _phone_numbers(text)
    found += _matches(POSTCODE, text, "postcode")
    found += _matches(STREET_ADDRESS, text, "address")
    found += _matches(LIVES_ON, text, "address", group=1)
    found += _matches(LINK, text, "link")
    found += _matches(SOCIAL_HANDLE, text, "social")
    found += _matches(USERNAME, text, "social", group=1)
    found += _school_names(text, school_names)
    found += _matches(SCHOOL_PATTERN, text, "school")
    found += _full_names(text)
    return _without_nested(found)


def _matches(pattern, text, kind, group=0):
    findings = []
    for match in pattern.finditer(text):
        start, end = match.span(group)
        # A sentence's full stop or comma is not part of an address or a link.
        while end > start and text[end - 1] in ".,;:!?)]'\"’":
            end -= 1
        if end > start:
            findings.append(Finding(start, end, kind))
    return findings


def _phone_numbers(text):
    findings = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        digits = re.sub(r"\D", "", match.raw_string)
        national = str(match.number.national_number)
        if digits.lstrip("0") in HELPLINE_NUMBERS or digits in HELPLINE_NUMBERS:
            continue
        # A UK number has ten digits after its 0 or +44 (a few have nine):
        # anything shorter is a year, a price or a score.
        if len(national) < 9:
            continue
        findings.append(Finding(match.start, match.end, "phone"))
    return findings


def _school_names(text, school_names):
    findings = []
    for name in school_names:
        words = name.split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(_flexible(word) for word in words) + r"(?!\w)"
        findings += _matches(re.compile(pattern, re.IGNORECASE), text, "school")
    return findings


def _flexible(word):
    """One word of a school's name, matching any apostrophe style: "St Mary’s", "St Marys"."""
    parts = re.split(r"['’‘`]", word)
    return r"['’‘`]?".join(re.escape(part) for part in parts)


def _full_names(text):
    findings = _matches(NAME_AFTER_CUE, text, "name", group=1)
    for match in NAME_PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.lower() in FIRST_NAMES and second.lower() not in NOT_SURNAMES:
            third = match.group(3)
            end = match.end(3) if third and third.lower() not in NOT_SURNAMES else match.end(2)
            findings.append(Finding(match.start(1), end, "name"))
    return findings


def _without_nested(findings):
    """Sorted, with any finding inside a longer (or earlier, equal) one left out:
    the domain of an email address is not a second, separate link."""
    ordered = sorted(set(findings), key=lambda f: (f.start, -f.end, f.kind))
    kept = []
    for finding in ordered:
        if not any(k.start <= finding.start and finding.end <= k.end for k in kept):
            kept.append(finding)
    return kept


def redact(text, findings):
    """``text`` with each finding replaced by "[removed]" (overlapping ones merged)."""
    spans = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if spans and finding.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], finding.end)
        else:
            spans.append([finding.start, finding.end])
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(REMOVED)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


# --- Possible disclosures of harm -------------------------------------------------

_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NOT_LETTERS = re.compile(r"[^\w]+|_")


def normalise(text):
    """Lower case, apostrophes dropped, anything else that is not a letter or a
    digit turned into a single space: "Don’t  TELL anyone!" -> "dont tell anyone"."""
    text = _APOSTROPHES.sub("", text.casefold())
    return _NOT_LETTERS.sub(" ", text).strip()


def is_pattern_line(line):
    line = line.strip()
    return len(line) > 2 and line.startswith("/") and line.endswith("/")


def phrase_lines(phrases):
    """The lines of an editable list that mean something (no blanks, no # comments)."""
    if isinstance(phrases, str):
        phrases = phrases.splitlines()
    lines = (line.strip() for line in phrases)
    return [line for line in lines if line and not line.startswith("#")]


def compile_pattern_line(line):
    """The regular expression of a /…/ line (raises ``re.error`` if it is not one)."""
    return re.compile(line.strip()[1:-1], re.IGNORECASE)


def find_disclosures(text, *, phrases):
    """The lines of ``phrases`` (a string, one per line, or a list) found in ``text``."""
    if not text:
        return []
    normalised = f" {normalise(text)} "
    matched = []
    for line in phrase_lines(phrases):
        if line in matched:
            continue
        if is_pattern_line(line):
            try:
                pattern = compile_pattern_line(line)
            except re.error:
                continue  # ScreeningSettings.clean refuses these; never let one stop screening
            if pattern.search(text) or pattern.search(normalised):
                matched.append(line)
        else:
            phrase = normalise(line)
            if phrase and f" {phrase} " in normalised:
                matched.append(line)
    return matched
