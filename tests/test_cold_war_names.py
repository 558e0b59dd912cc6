"""Places the authority file does not list, from GeoNames offline (issue 16, in part): countries and large cities
anywhere in an English text, smaller cities after a cue, each with its GeoNames IRI and a point; names that are
people's or common words are not places."""

from __future__ import annotations

from converter import convert_text

TEXT = (
    "March 1, 1950\nTelegram from Pyongyang\n"
    "Part of the delegation left Pyongyang for Pakistan on Monday. Brezhnev met them in Vladikavkaz, and the "
    "part of the report on Mongolia was read. Kim Il Sung was informed.\n"
)


def places(document) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for triple in document.entity_triples:
        subject = triple.subject.value
        if "/id/place/" in subject:
            found.setdefault(subject.rsplit("/", 1)[-1], {})[triple.predicate.value.rsplit("/", 1)[-1]] = str(
                triple.object.value
            )
    return found


def test_countries_and_cities_get_geonames_iris_and_points():
    found = places(convert_text(TEXT, "t.md"))
    assert found["pyongyang"]["core#exactMatch"] == "https://sws.geonames.org/1871859/"
    assert found["pyongyang"]["P168_place_is_defined_by"].startswith("POINT(125.7")
    assert found["pakistan"]["core#exactMatch"] == "https://sws.geonames.org/1168579/"
    assert "P168_place_is_defined_by" not in found["pakistan"]  # GeoNames gives a country no point here
    assert found["mongolia"]["core#exactMatch"] == "https://sws.geonames.org/2029969/"
    assert found["vladikavkaz"]["core#exactMatch"] == "https://sws.geonames.org/473249/"  # after 'in': a cue


def test_people_and_common_words_are_not_places():
    found = places(convert_text(TEXT, "t.md"))
    assert not {"part", "perth", "naberezhnyye-chelny", "brezhnev"} & set(found)


def test_cold_war_leaders_and_parties_are_found_and_a_bare_politburo_is_no_ones():
    text = (
        "May 1, 1960\nRecord of a Meeting of the Romanian Politburo\n"
        "Khrushchev told Zhou Enlai that the CPSU and the Korean Workers' Party agree. The Politburo discussed it.\n"
    )
    entities = {resolved.entry.slug for resolved in convert_text(text, "m.md").entities}
    assert {"nikita-khrushchev", "zhou-enlai", "cpsu", "workers-party-of-korea"} <= entities
    assert "cc-cpsu-politburo" not in entities  # the Romanian Politburo is not the Soviet one


def test_offices_weekdays_and_numbers_are_not_people():
    from converter.titles import _person_of_office

    assert _person_of_office("Foreign Minister of North Korea") is None
    assert _person_of_office("First Secretary of the Mongolian People’s Republic") is None
    assert _person_of_office("Soviet Ambassador to Afghanistan A.M. Puzanov") == "A.M. Puzanov"
    assert _person_of_office("DPRK leader Kim Il Sung") == "Kim Il Sung"
    assert _person_of_office("Kim Il Sung") == "Kim Il Sung"
    text = (
        "October 26, 1962\nTelegram from Havana\nTo: COSVN\nNo. 483/sh\nThe meeting of the committee took place "
        "today in the building of the ministry and lasted for three hours without a break.\nFRIDAY\n"
    )
    roles = {resolved.entry.slug: resolved.roles() for resolved in convert_text(text, "t.md").entities}
    assert not [slug for slug, r in roles.items() if "sender" in r and slug in ("friday",)]
    assert "no-483-sh" not in roles


def test_editorial_brackets_complete_or_correct_a_name_and_possessives_stay_out_of_labels():
    text = (
        "May 1, 1950\nReport on the Talks\nThe delegation was received in the morning. Comrade Radmanesh's speech was "
        "long, Colonel Ding [Guoyu] arrived late, and we met General Dorokshani [SIC, spelled Darakhshani in the "
        "original] in the city of Gorgan before noon.\n"
    )
    labels = {resolved.entry.slug: resolved.entry.en for resolved in convert_text(text, "r.md").entities}
    assert labels["radmanesh--r"] == "Radmanesh"  # not "Radmanesh's"
    assert labels["ding-guoyu"] == "Ding Guoyu"  # the editor's completion
    assert "ali-akbar-derakhshani" in labels and "dorokshani" not in labels  # the editor's correction


def test_russian_honorifics_are_not_people_and_a_name_keeps_its_printed_form():
    body = (
        "Сегодня Тов. Рахими выступил на митинге в Тавризе и говорил долго о положении в провинции, о работе "
        "комитета и о задачах партии на ближайшее время."
    )
    text = (
        "**May 1, 1946**\n\n**Telegram from Tabriz**\n\n**Citation:**\n\nx\n\n**Original Language:**\n\nRussian\n\n"
        f"**Contents:**\n\nTranscript - Russian\n\n{body}\n"
    )
    entities = {r.entry.slug: (r.entry.ru, r.roles()) for r in convert_text(text, "900123.md").entities}
    assert entities["rakhimi--900123"][0] == "Рахими"  # not the lemma 'Рахимя', and 'Тов' is no one
    assert not [slug for slug in entities if "tov" in slug.split("-")]
    assert "sent-from" in entities["tabriz"][1]  # 'Telegram from Tabriz': a place the telegram came from


def test_party_and_state_organs_are_groups():
    text = (
        "May 1, 1963\nMemorandum on the Talks\nThe Second Asia Department and the International Section of the "
        "Central Committee prepared the visit, which the Romanian Politburo approved in the morning session.\n"
    )
    groups = {r.entry.en for r in convert_text(text, "g.md").entities if r.entry.kind == "group"}
    assert {"Second Asia Department", "Romanian Politburo"} <= groups
    assert "Politburo of the CC CPSU" not in groups


def test_a_list_of_full_names_is_people_unless_they_are_known_places():
    text = (
        "May 1, 1960\nReport on the Delegation\nThe delegation visited New York, Los Angeles, San Francisco and Salt "
        "Lake City in the spring. Present were Ion Gheorghe Maurer, Emil Bodnaras, Manea Manescu and Paul "
        "Niculescu-Mizil.\n"
    )
    kinds = {r.entry.en: r.entry.kind for r in convert_text(text, "x.md").entities}
    assert [
        kinds.get(n) for n in ("Ion Gheorghe Maurer", "Emil Bodnaras", "Manea Manescu", "Paul Niculescu-Mizil")
    ] == ["person"] * 4
    assert kinds.get("Los Angeles") == "place" and "New York" not in {n for n, k in kinds.items() if k == "person"}


def test_russian_place_names_find_the_same_geonames_place_as_the_translation():
    text = (
        "**March 1, 1950**\n\n**Telegram**\n\n**Original Language:**\n\nRussian\n\n**Contents:**\n\n"
        "Transcript - Russian\nTranslation - English\n\n**Transcript - Russian**\n\nСегодня делегация выехала из "
        "Ленкорани в Пхеньян для переговоров о торговле.\n\n**Translation - English**\n\nToday the delegation left "
        "from Lenkoran for Pyongyang for talks on trade.\n"
    )
    found = places(convert_text(text, "900556.md"))
    assert found["pyongyang"]["core#exactMatch"] == "https://sws.geonames.org/1871859/"
    assert found["lankaran"]["core#exactMatch"].startswith("https://sws.geonames.org/")  # 'Ленкорани', 'Lenkoran'
    assert "lenkoran" not in found
