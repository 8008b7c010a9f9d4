"""The mistakes a contributor makes in the web editor, each fed to `hub validate`.

Every case asserts the file, the line, the record (its id, and its name
where it has one), the words a contributor needs, and that the slip gives
exactly one message: no follow-on "missing", "found nothing" or
"put it in quotes" message that describes the wrong problem.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.records.test_validate import DISTRICT, GUIDE, HELPLINE, line_of

CAMPAIGN = "campaign 'example-campaign' (Example campaign)"
LONG_DESCRIPTION = " ".join(["A made-up helpline sentence used only to test the hub."] * 20)


@dataclass
class Mistake:
    name: str
    file: str  # the data file, without data/ and .yaml
    old: str  # text of the valid fixture ...
    new: str  # ... replaced by the mistake
    line_of: str  # text on the line the message must point at
    where: str  # the record and field the message names ("" for none)
    words: tuple  # what the message must say
    severity: str = "error"

    def __str__(self):
        return self.name


NBSP, ZWSP = "\u00a0", "\u200b"

# Part 1: messages that name the real slip.
SLIPS = [
    Mistake("non-breaking space in a phone number", "services", 'phone: "01632 960000"', f'phone: "01632{NBSP}960000"', "phone:",
            f"{HELPLINE}: contact.phone", ("non-breaking space", "U+00A0", "after '01632'", "type an ordinary space")),
    Mistake("zero-width space in an id", "resources", "id: example-video", f"id: example-video{ZWSP}", "id: example-video",
            f"resource 'example-video{ZWSP}' (Example Video): id", ("zero-width space", "U+200B", "at the end", "delete it")),
    Mistake("non-breaking space in an email address", "services", "email: help@example.org", f"email: help@example{NBSP}.org", "email:",
            f"{HELPLINE}: contact.email", ("non-breaking space", "after 'help@example'")),
    Mistake("non-breaking spaces in a district term", "services", "        - leeds", f"        - leeds{NBSP}", "- leeds",
            f"{DISTRICT}: coverage.districts[0]", ("non-breaking space", "at the end, after 'leeds'")),
    Mistake("curly quotes around a phone number", "services", 'phone: "01632 960000"', "phone: \u201c01632 960000\u201d", "phone:",
            f"{HELPLINE}: contact.phone", ("curly quotes", "straight double quotes")),
    Mistake("non-breaking spaces as indentation", "services", "    organisation: Example Charity\n", f"{NBSP * 4}organisation: Example Charity\n",
            "organisation: Example Charity", "", ("line", "indented", "non-breaking space", "ordinary spaces")),
    Mistake("invisible character in a field name", "services", "      website: https://www.example.org/help",
            f"      website{ZWSP}: https://www.example.org/help", f"website{ZWSP}", f"{HELPLINE}: contact.website",
            ("the field name 'website'", "zero-width space")),
    Mistake("a field indented too far", "services", "    organisation: Example Charity", "      organisation: Example Charity",
            "organisation: Example Charity", HELPLINE, ("'organisation:' is indented 6 spaces", "further than 'name:'", "indent it 4 spaces")),
    Mistake("a field indented too little", "services", "    organisation: Example Charity", "   organisation: Example Charity",
            "organisation: Example Charity", HELPLINE, ("'organisation:' is indented 3 spaces", "use 4 spaces", "'name:'")),
    Mistake("a field indented as far as the record's dash", "services", "    organisation: Example Charity", "  organisation: Example Charity",
            "organisation: Example Charity", HELPLINE, ("indented 2 spaces", "as far as the '- '", "use 4 spaces")),
    Mistake("a group field between two levels", "services", "      email: help@example.org", "     email: help@example.org",
            "email: help@", HELPLINE, ("'email:' is indented 5 spaces", "6 spaces", "'phone:'", "4 spaces", "'contact:'")),
    Mistake("a field that belongs under contact", "services", "      website: https://www.example.org/help",
            "    website: https://www.example.org/help", "website: https://www.example.org/help", f"{HELPLINE}: website",
            ("one of the fields of 'contact'", "move it under 'contact:'")),
    Mistake("a record's field indented under contact", "services", "help\n    opening_hours:", "help\n      opening_hours:",
            "opening_hours:", f"{HELPLINE}: contact.opening_hours", ("field of the record itself", "not of 'contact'", "indent it less")),
    Mistake("a required field indented under contact", "services",
            "help\n    opening_hours: 9am to 5pm, Monday to Friday\n    cost: Free\n    source: https://www.example.org/help\n",
            "help\n      source: https://www.example.org/help\n    opening_hours: 9am to 5pm, Monday to Friday\n    cost: Free\n",
            "      source:", f"{HELPLINE}: contact.source", ("field of the record itself", "lined up with 'contact:'")),
    Mistake("a group's field not indented under it", "services", "    coverage:\n      area: national", "    coverage:\n    area: national",
            "area: national", f"{HELPLINE}: area", ("belongs under 'coverage:'", "indent 'area:' more")),
    Mistake("a record that lost its '- ' (fields lined up)", "services", "  - id: example-district-service", "    id: example-district-service",
            "id: example-district-service", HELPLINE, ("a new record starts here", "lost the '- ' before 'id:'")),
    Mistake("a record that lost its '- ' (dash's column)", "services", "  - id: example-district-service", "  id: example-district-service",
            "id: example-district-service", "service 'example-district-service'", ("lost the '- '", "'  - id: example-district-service'")),
    Mistake("a field at the start of the line mid-file", "services", "    cost: Free", "cost: Free", "cost: Free", HELPLINE,
            ("'cost:' starts at the very beginning of the line", "indent it")),
    Mistake("a field at the start of the line at the end", "campaigns", "    last_reviewed: 2026-06-01\n", "last_reviewed: 2026-06-01\n",
            "last_reviewed: 2026-06-01", "last_reviewed", ("outside every record", "indent it")),
    Mistake("a list item indented too far", "services", "      - children\n      - parents", "      - children\n        - parents",
            "- parents", f"{HELPLINE}: audiences[0]", ("'- ' on line", "joined", "'children - parents'", "line up the '- '")),
    Mistake("text after a closing quote", "services", 'phone: "01632 960000"', 'phone: "01632 960000" (free)', "phone:",
            HELPLINE, ("text after the closing quote", "'(free)'", "inside the quotes")),
    Mistake("a colon and space inside a value", "services", "cost: Free", "cost: Free: always", "cost: Free", HELPLINE,
            ("': '", "double quotes")),
    Mistake("a day-first date", "services", "last_reviewed: 2026-06-01", "last_reviewed: 25/11/2025", "last_reviewed:",
            f"{HELPLINE}: last_reviewed", ("'25/11/2025'", "write it as 2025-11-25")),
    Mistake("a date in words", "resources", "published: 2025-01-31", "published: 31st January 2025", "published:",
            f"{GUIDE}: published", ("write it as 2025-01-31",)),
    Mistake("an email address with a space", "services", "email: help@example.org", "email: help @example.org", "email:",
            f"{HELPLINE}: contact.email", ("contains a space", "'help@example.org'")),
    Mistake("a web address with a space", "services", "website: https://www.example.org/help", "website: https://www.example.org/get help",
            "website:", f"{HELPLINE}: contact.website", ("contains a space", "web addresses cannot")),
    Mistake("a web address without https://", "services", "website: https://www.example.org/help", "website: www.example.org/help",
            "website:", f"{HELPLINE}: contact.website", ("needs https://", "'https://www.example.org/help'")),
    Mistake("an email pasted as a mailto: link", "services", "email: help@example.org", "email: mailto:help@example.org", "email:",
            f"{HELPLINE}: contact.email", ("email link", "'help@example.org'", "without 'mailto:'")),
    Mistake("a phone number pasted as a tel: link", "services", 'phone: "01632 960000"', "phone: tel:01632960000", "phone:",
            f"{HELPLINE}: contact.phone", ("phone link", "'01632960000'", "without 'tel:'")),
    Mistake("a phone number written +44", "services", 'phone: "01632 960000"', 'phone: "+44 1632 960000"', "phone:",
            f"{HELPLINE}: contact.phone", ("international", "'01632960000'")),
    Mistake("yes/no read as true/false, said once", "services", "cost: Free", "cost: no", "cost: no", f"{HELPLINE}: cost",
            ("true/false", 'put "no" in quotes')),
]

# Part 2: mistakes that used to pass silently.
SILENT = [
    Mistake("hub new's placeholder id", "services", "id: example-district-service", "id: new-service-3", "id: new-service-3",
            "service 'new-service-3' (Example District Service): id", ("placeholder id", "`hub new`", "short permanent name")),
    Mistake("a TODO name", "resources", "title: Example Video", "title: TODO", "title: TODO", "resource 'example-video' (TODO): title",
            ("still says 'TODO'", "replace it")),
    Mistake("a TODO inside a group", "services", "email: help@example.org", "email: TODO ask the charity", "email: TODO",
            f"{HELPLINE}: contact.email", ("still says 'TODO ask the charity'",)),
    Mistake("hub new's date placeholder", "campaigns", "last_reviewed: 2026-06-01", 'last_reviewed: "YYYY-MM-DD"', "last_reviewed:",
            f"{CAMPAIGN}: last_reviewed", ("placeholder 'YYYY-MM-DD'", "write the date")),
    Mistake("text cut short by ' #'", "services", "opening_hours: 9am to 5pm, Monday to Friday", "opening_hours: Room #3, 9am to 5pm",
            "opening_hours:", f"{HELPLINE}: opening_hours", ("after ' #'", "comment", "only 'Room'", "double quotes")),
    Mistake("a note after one space and '#'", "services", "cost: Free", "cost: Free # for under-18s", "cost: Free",
            f"{HELPLINE}: cost", ("only 'Free'", "two spaces before the '#'")),
    Mistake("source n/a", "services", "source: https://www.example.com/front-door", "source: n/a", "source: n/a",
            f"{DISTRICT}: source", ("'n/a' does not say where the facts come from", "web page")),
    Mistake("source TBC", "resources", "source: https://www.example.org/guide", "source: TBC", "source: TBC", f"{GUIDE}: source",
            ("'TBC' does not say where",)),
    Mistake("source none", "campaigns", "source: https://www.example.org/campaign", "source: None.", "source: None.",
            f"{CAMPAIGN}: source", ("'None.' does not say where",)),
    Mistake("source '-'", "services", "source: https://www.example.org/help", 'source: "-"', 'source: "-"', f"{HELPLINE}: source",
            ("'-' does not say where",)),
    Mistake("a description far beyond a few sentences", "services", "description: A made-up helpline used only to test the hub.",
            f"description: {LONG_DESCRIPTION}", "description:", f"{HELPLINE}: description",
            ("200 words long", "a few plain sentences", "at most about 150 words"), "warning"),
    Mistake("a name far beyond a name", "resources", "title: Example Guide", "title: " + "Example Guide " * 10, "title: Example Guide",
            "resource 'example-guide' (Example Guide Example Guide Example Guide Example\u2026): title", ("139 characters long", "at most 100"),
            "warning"),
    Mistake("a bit.ly link", "services", "website: https://www.example.org/help", "website: https://bit.ly/3xYz", "website:",
            f"{HELPLINE}: contact.website", ("shortened link (bit.ly)", "organisation's own website"), "warning"),
    Mistake("a tinyurl link in a campaign asset", "campaigns", "url: https://www.example.org/poster", "url: https://tinyurl.com/abcd",
            "url: https://tinyurl.com", f"{CAMPAIGN}: assets[0].url", ("shortened link (tinyurl.com)",), "warning"),
    Mistake("a t.co link in Markdown text", "resources", "description: A made-up video used only to test the hub.",
            "description: Watch [the video](https://t.co/Ab12).", "description: Watch", "resource 'example-video' (Example Video): description",
            ("shortened link (t.co)",), "warning"),
    Mistake("utm_ tracking parameters", "services", "website: https://www.example.org/help",
            "website: https://www.example.org/help?utm_source=facebook&utm_medium=social&lang=en", "website:",
            f"{HELPLINE}: contact.website", ("tracking parameters (utm_source, utm_medium)", "'https://www.example.org/help?lang=en'"), "warning"),
    Mistake("an fbclid tracking parameter on a source", "resources", "source: https://www.example.org/guide",
            "source: https://www.example.org/guide?fbclid=IwAR0abc", "source:", f"{GUIDE}: source",
            ("tracking parameters (fbclid)", "'https://www.example.org/guide'"), "warning"),
]


def problem_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("data/")]


@pytest.mark.parametrize("mistake", SLIPS + SILENT, ids=str)
def test_each_mistake_gets_one_message_at_its_line_naming_the_record(data_root, replace_in, run_validate, mistake):
    replace_in(data_root, mistake.file, mistake.old, mistake.new)
    line = line_of(data_root, mistake.file, mistake.line_of)
    code, stdout, stderr = run_validate(data_root)

    found = problem_lines(stdout)
    assert len(found) == 1, f"one slip, one message; got:\n{stdout}"
    prefix = f"data/{mistake.file}.yaml:{line}: " + ("warning: " if mistake.severity == "warning" else "")
    prefix += f"{mistake.where}: " if mistake.where else ""
    assert found[0].startswith(prefix), f"expected {prefix!r}...; got:\n{found[0]}"
    for words in mistake.words:
        assert words in found[0], f"{words!r} is not in:\n{found[0]}"
    if mistake.severity == "error":
        assert code == 1 and stderr.strip() == "hub validate failed: 1 problem to fix", stderr
    else:
        assert code == 0 and stdout.splitlines()[-1].endswith("(1 warning)"), stdout


def test_there_are_at_least_twenty_cases():
    assert len(SLIPS) >= 20 and len(SILENT) >= 12


def test_valid_links_text_and_notes_pass_without_warnings(data_root, replace_in, run_validate):
    # Things that look like the mistakes above but are fine.
    replace_in(data_root, "services", "cost: Free", "cost: Free  # a note for editors, after two spaces")
    replace_in(data_root, "services", "website: https://www.example.org/help", "website: https://www.example.org/help?page=2&lang=cy")
    replace_in(data_root, "services", "opening_hours: 9am to 5pm, Monday to Friday", 'opening_hours: "Room #3, 9am to 5pm"')
    replace_in(data_root, "resources", "description: A made-up guide used only to test the hub.",
               "description: A made-up guide\u00a0used only to test the hub. It is \u201cnot\u201d real.")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0 and len(stdout.splitlines()) == 1 and "warning" not in stdout, stdout + stderr


def test_a_slip_repeated_over_a_lost_record_gives_one_message(data_root, replace_in, run_validate):
    # The whole second record lost its '- ': each of its fields repeats a field of the first.
    replace_in(data_root, "services", "  - id: example-district-service", "    id: example-district-service")
    code, stdout, _ = run_validate(data_root)
    assert code == 1 and len(problem_lines(stdout)) == 1, stdout


def test_several_lines_indented_with_invisible_spaces_give_one_message(data_root, replace_in, run_validate):
    replace_in(data_root, "campaigns", "    status: scoping\n    audiences:\n", f"{NBSP * 4}status: scoping\n{NBSP * 4}audiences:\n")
    first = line_of(data_root, "campaigns", "status: scoping")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert problem_lines(stdout) == [
        f"data/campaigns.yaml:{first}: lines {first} to {first + 1} are indented or spaced with a non-breaking space "
        "(U+00A0, a character that looks like a space); delete the spaces at the start of the line (and after '-' or ':') "
        "and type ordinary spaces"
    ]


def test_problems_in_records_are_named_the_same_way_in_github_annotations(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "source: https://www.example.com/front-door", "source: n/a")
    line = line_of(data_root, "services", "source: n/a")
    code, stdout, _ = run_validate(data_root, "--format", "github")
    assert code == 1
    assert stdout.splitlines() == [
        f"::error file=data/services.yaml,line={line},title={DISTRICT.replace(':', '%3A')}%3A source::"
        f"{DISTRICT}: source: 'n/a' does not say where the facts come from; give the web page (https://...) "
        "or the document you checked this record against"
    ]


def test_a_record_without_an_id_is_named_by_its_place(data_root, replace_in, run_validate):
    replace_in(data_root, "resources", "  - id: example-video\n    title: Example Video\n", "  - title: Example Video\n")
    line = line_of(data_root, "resources", "- title: Example Video")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert f"data/resources.yaml:{line}: resource no. 2 (no id) (Example Video): id: 'id' is missing; add it" in stdout


def test_an_id_that_only_looks_like_a_placeholder_is_fine(data_root, replace_in, run_validate):
    # hub new's placeholders are new-<record type>-<number>; this is a real service's name.
    replace_in(data_root, "services", "id: example-district-service", "id: new-beginnings-2")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0 and len(stdout.splitlines()) == 1, stdout + stderr
