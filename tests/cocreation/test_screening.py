"""Finding personal details and possible disclosures in a child's words (no database)."""

import pytest

from cocreation.models.settings import DEFAULT_DISCLOSURE_PHRASES
from cocreation.screening import Finding, find_disclosures, find_personal_details, redact


def found(text, **kwargs):
    """What was found, as (kind, the words) pairs, in order."""
    return [(f.kind, text[f.start : f.end]) for f in find_personal_details(text, **kwargs)]


# --- Each kind of personal detail ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email me at sam.jones2012@gmail.com if you want", "sam.jones2012@gmail.com"),
        ("My email is Jo_B+school@outlook.co.uk.", "Jo_B+school@outlook.co.uk"),
        ("its sam at gmail dot com", "sam at gmail dot com"),
        ("write to sammy (at) hotmail.com", "sammy (at) hotmail.com"),
    ],
)
def test_email_addresses_are_found(text, expected):
    assert found(text) == [("email", expected)]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "0770 090 0123",
        "+44 7700 900123",
        "+447700900123",
        "(0113) 496 0000",
        "0113 496 0000",
        "020 7946 0000",
        "01632 960 001",
    ],
)
def test_uk_phone_numbers_are_found_however_they_are_spaced(number):
    text = f"if you want to talk my number is {number} text me after school"
    assert found(text) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "I was 12 when it happened and my brother was 15.",
        "In 2019 we moved house and it cost 1200 pounds.",
        "It was on 12/05/2023 at 3:30.",
        "We won 10-2 and then 3 - 1.",
        "If you are in danger ring 999.",
        "You can ring Childline on 0800 1111, it is free.",
        "The NSPCC helpline is 0808 800 5000.",
        "There were 1,000,000 stars.",
    ],
)
def test_ages_years_dates_scores_and_helplines_are_not_phone_numbers(text):
    assert [kind for kind, _ in found(text)] == []


@pytest.mark.parametrize("postcode", ["LS6 2AB", "ls62ab", "SW1A 1AA", "M1 1AE", "b33 8th"])
def test_postcodes_are_found(postcode):
    assert found(f"we live near {postcode} now") == [("postcode", postcode)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 12 Acacia Avenue with my mum.", "12 Acacia Avenue"),
        ("my house is 4b Mill Lane", "4b Mill Lane"),
        ("come to 221 baker street after school", "221 baker street"),
        ("we moved to 7, Oak Tree Close last year", "7, Oak Tree Close"),
        ("Nan lives at 33 Station Rd.", "33 Station Rd"),
        ("it was 3 Hyde Park Gardens", "3 Hyde Park Gardens"),
        ("I live on Acacia Avenue, near the shop", "Acacia Avenue"),
    ],
)
def test_street_addresses_are_found(text, expected):
    assert found(text) == [("address", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "I have 2 cats in the park.",
        "We went to the park 3 times.",
        "There were 5 big trees on the hill.",
        "It took 10 minutes to walk up the hill.",
        "We had a party at Friday Park.",  # an event's name, no number: not an address
    ],
)
def test_ordinary_sentences_about_places_are_not_addresses(text):
    assert found(text) == []


def test_social_handles_and_links_are_found():
    text = (
        "Follow me @sammy_2012! My page is instagram.com/sammy.j and "
        "https://www.tiktok.com/@sam?lang=en or www.example.org/me."
    )
    assert found(text) == [
        ("social", "@sammy_2012"),
        ("link", "instagram.com/sammy.j"),
        ("link", "https://www.tiktok.com/@sam?lang=en"),
        ("link", "www.example.org/me"),
    ]


@pytest.mark.parametrize(
    ("text", "username"),
    [
        ("my snap is sammyj12", "sammyj12"),
        ("My Snapchat: sam.the.best", "sam.the.best"),
        ("add me on tiktok sam_2013 if you like dancing", "sam_2013"),
        ("Add me on snap - coolkid99", "coolkid99"),
        ("i met him on roblox, my roblox username is coolkid_99", "coolkid_99"),
        ("my insta's jojo.b", "jojo.b"),
    ],
)
def test_usernames_given_in_words_are_found(text, username):
    assert found(text) == [("social", username)]


def test_add_me_on_without_a_username_finds_nothing_to_remove():
    assert found("add me on snapchat and we can talk") == []


def test_an_email_address_is_one_finding_not_a_handle_and_a_link_as_well():
    assert found("sam@example.com") == [("email", "sam@example.com")]


def test_school_names_from_the_list_are_found_whole_words_any_case_any_apostrophe():
    schools = ["Hillside Primary", "St Mary's", "Oak"]
    text = "I go to HILLSIDE   primary, my cousin goes to St Mary’s and we like oak trees."
    # "oak trees" holds the listed word "Oak" as a whole word, so it is flagged:
    # a false alarm is cheaper than naming a school.
    assert found(text, school_names=schools) == [
        ("school", "HILLSIDE   primary"),
        ("school", "St Mary’s"),
        ("school", "oak"),
    ]
    assert found("an oaken door and a hillsides view", school_names=schools) == []


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("At Oakwood Academy we made posters.", "Oakwood Academy"),
        ("I go to St Mary's Primary School in year 5", "St Mary's Primary School"),
        ("Park View High School is big", "Park View High School"),
        ("we are from Leeds Grammar School", "Leeds Grammar School"),
        ("Our class at Brookfield Primary made this", "Brookfield Primary"),
    ],
)
def test_school_names_that_look_like_school_names_are_found(text, school):
    assert found(text) == [("school", school)]


@pytest.mark.parametrize(
    "text",
    ["My School is big.", "Primary School was fun.", "I like school.", "The Academy was shut."],
)
def test_the_word_school_alone_is_not_a_school_name(text):
    assert found(text) == []


def test_two_schools_side_by_side_are_two_findings():
    text = "Oakwood Academy and St Mary's Primary School"
    assert found(text) == [("school", "Oakwood Academy"), ("school", "St Mary's Primary School")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, my name is Jo Bloggs and I am 11.", "Jo Bloggs"),
        ("I'm Priya Sharma from year 6", "Priya Sharma"),
        ("im Kacper Nowak", "Kacper Nowak"),
        ("a girl called Zainab Ali helped", "Zainab Ali"),
        ("Then Jack Smith said hi", "Jack Smith"),
        ("me and Olivia Mary Brown went", "Olivia Mary Brown"),
        ("This poster is by Ellie Thompson", "Ellie Thompson"),
    ],
)
def test_full_names_are_found(text, name):
    assert found(text) == [("name", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Why I Am Not Afraid",
        "I'm Going Home",
        "my name is Sam",  # a first name alone is what the byline shows anyway
        "Jack And Jill went up the hill",
        "Grace Park was closed on Monday",
        "On Friday Jack went to school",
        "Stay Safe Online",
        "Tell Someone You Trust",
    ],
)
def test_titles_first_names_and_ordinary_capitals_are_not_full_names(text):
    assert [kind for kind, _ in found(text) if kind == "name"] == []


def test_a_realistic_piece_of_writing_with_no_personal_details_finds_nothing():
    text = (
        "Staying Safe Online\n\n"
        "When I was 10 someone I didn't know sent me a message on a game. They said they "
        "were 12 too but I wasn't sure. I told my mum and she helped me block them. "
        "If something online makes you feel funny inside, tell an adult you trust, like "
        "your mum, dad, nan or a teacher. You can also ring Childline on 0800 1111. "
        "In year 6 we made 3 posters about it and put them up in the hall. It took "
        "2 weeks!"
    )
    assert found(text) == []


def test_a_realistic_piece_of_writing_with_several_details_finds_each_in_order():
    text = (
        "Hi my name is Jo Bloggs and I go to Brookfield Primary. I live at 12 Acacia "
        "Avenue, LS6 2AB. If you want to be friends add me on snap jojo_b2014 or text "
        "07700 900123 xx"
    )
    assert [kind for kind, _ in found(text)] == [
        "name",
        "school",
        "address",
        "postcode",
        "social",
        "phone",
    ]


def test_a_finding_is_a_kind_and_a_place():
    text = "ring 07700 900123"
    assert find_personal_details(text) == [Finding(start=5, end=17, kind="phone")]
    assert Finding(5, 17, "phone").as_dict() == {"kind": "phone", "start": 5, "end": 17}


def test_empty_text_finds_nothing():
    assert find_personal_details("") == []
    assert find_disclosures("", phrases=DEFAULT_DISCLOSURE_PHRASES) == []


# --- Redaction ---


def test_redact_replaces_each_finding_and_keeps_everything_else():
    text = "Hi my name is Jo Bloggs. Text me on 07700 900123 or sam@example.com, bye!"
    assert redact(text, find_personal_details(text)) == (
        "Hi my name is [removed]. Text me on [removed] or [removed], bye!"
    )


def test_redact_merges_overlapping_findings():
    text = "abcdefghij"
    findings = [Finding(1, 4, "name"), Finding(3, 6, "school"), Finding(8, 9, "phone")]
    assert redact(text, findings) == "a[removed]gh[removed]j"


def test_redact_with_no_findings_returns_the_text_unchanged():
    assert redact("Tell an adult you trust.", []) == "Tell an adult you trust."


# --- Possible disclosures ---


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("My uncle hurts me when mum is out.", "hurts me"),
        ("he said its OUR   SECRET and i cant tell", "our secret"),
        ("He said: Don’t tell anyone!!", "don't tell anyone"),
        ("He said dont tell anyone", "don't tell anyone"),
        ("a man online asked me for pictures", "asked me for pictures"),
        ("I'm not\nsafe at home", "not safe at home"),
        ("he touched me.", "touched me"),
        ("An older boyfriend gives me money", "gives me money"),
    ],
)
def test_default_phrases_are_found_whatever_the_case_punctuation_and_spacing(text, phrase):
    assert phrase in find_disclosures(text, phrases=DEFAULT_DISCLOSURE_PHRASES)


def test_phrases_match_whole_words_only():
    phrases = "touched me\nhit me"
    assert find_disclosures("the ghost touched meat and white mess", phrases=phrases) == []
    assert find_disclosures("the ball hit me on the head", phrases=phrases) == ["hit me"]


def test_matched_phrases_come_back_as_written_in_the_list_once_each():
    text = "He hurts me. He hurts me every day and says it is our secret."
    assert find_disclosures(text, phrases="our secret\nhurts me\nhurts me\n") == [
        "our secret",
        "hurts me",
    ]


def test_a_line_between_slashes_is_a_regular_expression():
    phrases = "/he (hit|kicked|punched) me/\n/\\bgave me \\d+ pounds/"
    assert find_disclosures("Then he KICKED me.", phrases=phrases) == [
        "/he (hit|kicked|punched) me/"
    ]
    assert find_disclosures("he gave me 20 pounds", phrases=phrases) == ["/\\bgave me \\d+ pounds/"]
    assert find_disclosures("he kissed me goodnight", phrases=phrases) == []


def test_a_regular_expression_also_sees_the_normalised_text():
    # Apostrophes and punctuation are gone in the normalised text.
    assert find_disclosures("I can’t go home!", phrases="/cant go home/") == ["/cant go home/"]


def test_a_broken_regular_expression_never_stops_screening():
    assert find_disclosures("he hurts me", phrases="/he (hit/\nhurts me") == ["hurts me"]


def test_blank_lines_and_comments_in_the_list_are_ignored():
    phrases = "# Added after training in May\n\nhurts me\n   \n"
    assert find_disclosures("# Added after training", phrases=phrases) == []
    assert find_disclosures("it hurts me", phrases=phrases) == ["hurts me"]


def test_ordinary_writing_raises_no_disclosure_with_the_default_list():
    text = (
        "My favourite game is football. Sometimes I get hurt when I fall over but my coach "
        "helps me. We have a secret handshake just for the team. If you are worried, tell "
        "someone you trust."
    )
    assert find_disclosures(text, phrases=DEFAULT_DISCLOSURE_PHRASES) == []
