"""Names no authority file lists, found in English translations by their context (issue 16): the error classes met
on real archive pages, each in a text of the team's own writing."""

from __future__ import annotations

from converter import convert_text

OPENING = "The meeting took place in the afternoon and lasted for two hours, with tea served at the end. "


def dated(body: str, title: str = "Report on the Talks", day: str = "May 4, 1956") -> str:
    return f"{day}\n{title}\n{OPENING}{body}\n"


def people(text: str) -> dict[str, set[str]]:
    """English label -> roles, of every person the text names."""
    return {r.entry.en: r.roles() for r in convert_text(text, "t.md").entities if r.entry.kind == "person"}


def forms(text: str) -> set[str]:
    """Every printed form of every person."""
    return {
        getattr(ref, "form", "") or ref.text
        for r in convert_text(text, "t.md").entities
        if r.entry.kind == "person"
        for ref in r.refs
    }


def test_names_with_letters_beyond_ascii_are_names():
    found = people(dated("The rehabilitation of László Rajk was discussed, and Comrade Ștefan Voitec spoke."))
    assert {"László Rajk", "Ștefan Voitec"} <= set(found)


def test_a_surname_before_its_initials_is_a_person_and_initials_before_a_name_are_not_one():
    printed = forms(dated("Designate Comrade Zernov P.M. as director. Comrade L. I. Brezhnev agreed."))
    assert "Zernov P.M." in printed
    assert not {f for f in printed if f.startswith("Comrade")}


def test_an_office_before_a_name_is_not_part_of_it():
    found = people(
        dated(
            "The delegation included the Minister of Railways Kim Hoe-il and the Chairman of the Planning Commission "
            "Jeong Jun-taek."
        )
    )
    assert {"Kim Hoe-il", "Jeong Jun-taek"} <= set(found)
    assert not [name for name in found if "Commission" in name or "Railways" in name]


def test_a_list_of_surnames_is_a_list_of_people_and_a_list_of_cities_is_not():
    found = people(dated("The proposal by the commission of Vannikov, Yakovlev, Zavenyagin, Meshik and Khariton."))
    assert {"Vannikov", "Yakovlev", "Zavenyagin", "Meshik", "Khariton"} <= set(found)
    cities = people(dated("They went to Paris, London, Rome and Madrid, then to Moscow, Kiev, Minsk and Berlin."))
    assert not {"Paris", "London", "Rome", "Madrid", "Moscow", "Kiev", "Minsk", "Berlin"} & set(cities)


def test_an_editors_spelling_in_brackets_names_the_same_person():
    printed = forms(dated("Vice-Premier of the government, Jeong Il-ryong [Jong Il Ryong], arrived."))
    found = people(dated("Vice-Premier of the government, Jeong Il-ryong [Jong Il Ryong], arrived."))
    assert len([name for name in found if "Jeong" in name or "Jong" in name]) == 1
    assert "Jeong Il-ryong" in printed


def test_lines_that_are_not_address_lines_and_words_that_are_not_names():
    text = (
        "8 March 1973\nRecord of Conversation\nThe following comrades took part in the discussions:\n\n"
        f"{OPENING}Ri Pyeong-nam, Minister of Health, the head of the delegation, spoke first.\n"
    )
    found = people(text)
    assert not any("addressee" in roles for roles in found.values())
    assert "Health" not in found
    weekday = "October 26, 1962\nTelegram from the Brazilian Embassy in Havana (Bastian Pinto), 6 p.m., Friday\n"
    assert "Friday" not in people(weekday + OPENING + "\n")


def test_a_date_after_a_body_is_no_part_of_its_name_and_a_colon_is_no_part_of_an_addressee():
    document = convert_text(
        dated("The Ploiesti Committee of March 14 approved the plan.", day="March 14, 1968"), "t.md"
    )
    found = {r.entry.en for r in document.entities if r.entry.kind == "group"}
    assert "Ploiesti Committee" in found and not [g for g in found if "March" in g]
    cable = "October 20, 1968\nCable\nTo: COSVN\nFrom: the Politburo\n" + OPENING + "\n"
    addressees = {r.entry.en for r in convert_text(cable, "c.md").entities if "addressee" in r.roles()}
    assert addressees == {"Central Office for South Vietnam"}  # not 'To: COSVN'


def test_the_archives_summary_names_people_and_places_and_refers_to_them():
    text = (
        "**June 25, 1971**\n\n**Minutes of the Politburo Meeting**\n\n**Summary:**\n\nThe Politburo hears the report "
        "on the visit of Comrade Pham Van Dong to Hanoi.\n\n**Original Language:**\n\nEnglish\n\n"
        f"**Contents:**\n\nTranscript - English\n\n{OPENING}The report was approved.\n"
    )
    document = convert_text(text, "900321.md")
    sources = {r.entry.en: {ref.source for ref in r.refs} for r in document.entities}
    assert sources["Hanoi"] == {"summary"} and sources["Pham Van Dong"] == {"summary"}
    summary = "https://w3id.org/depesha/id/document/900321/summary"
    referred = {
        q.object.value for q in document.quads if q.subject.value == summary and "P67_refers_to" in q.predicate.value
    }
    assert any(iri.endswith("/hanoi") for iri in referred)


def groups(text: str) -> dict[str, str]:
    """English label -> slug of every group the text names."""
    return {r.entry.en: r.entry.slug for r in convert_text(text, "t.md").entities if r.entry.kind == "group"}


def test_bodies_named_by_their_head_peoples_and_troops_are_groups():
    found = groups(
        dated(
            "The Government of the DPRK wrote to the CPSU Politburo and to the Central Committee of the Romanian "
            "Communist Party. The Soviet Navy followed the ships, and the Americans protested; Chinese troops "
            "built the roads."
        )
    )
    assert {"Government of the DPRK", "CPSU Politburo", "Soviet Navy", "Americans", "Chinese troops"} <= set(found)
    assert "Central Committee of the Romanian Communist Party" in found
    assert "Central Committee of the VKP(b)" not in found  # a body is never matched by spelling alone


def test_a_common_description_with_no_body_named_before_it_is_no_name():
    found = groups(
        dated(
            "Zhivkov is Chairman of the Council of Ministers; Khaddam is Deputy Chairman of the Council of Ministers."
        )
    )
    assert not [name for name in found if name.startswith("Council of Ministers")]


def test_clerks_appositions_and_offices_after_a_name_introduce_people():
    found = people(
        dated(
            "Deciphered by Morozov at 7:45. The Chairman of the Majlis, Tabatabai, gave a speech. Gheorghe Pana, member "
            "of the Executive Committee, and Dumitru Popa, Romania’s ambassador to Pyongyang, were present; a report "
            "from Pál Szarvas, Hungarian Ambassador, was read. British Vice-Consul [Lang] came, and a delegation headed "
            "by Major-General V.E. Kuznetsov arrived with Foreign Minister Heo Dam."
        )
    )
    assert {"Morozov", "Tabatabai", "Gheorghe Pana", "Dumitru Popa", "Pál Szarvas", "Lang", "Heo Dam"} <= set(found)
    assert "V.E. Kuznetsov" in found and "Foreign" not in found


def test_a_body_spelt_a_little_differently_is_the_listed_one():
    found = groups(dated("The Korean Worker’s Party held its congress; the Polish Ministry of Foreign Affairs wrote."))
    assert "Workers' Party of Korea" in found
    assert "Ministry of Foreign Affairs of the USSR" not in found
