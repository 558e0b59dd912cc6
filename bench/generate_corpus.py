"""Write N synthetic exports in the Wilson Center layout (default 10,000) for benchmarks: a Russian transcript and
an English translation of 3-6 KB each, names and places drawn from pools with case forms and spelling variants,
dates, citations. Deterministic for a seed.

    python bench/generate_corpus.py OUT_DIR [-n 10000] [--seed 1945]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

# (English forms, Russian nominative, dative, genitive)
PEOPLE = [
    (["Bagirov", "Bagriov", "BAGIROV"], "Багиров", "Багирову", "Багирова"),
    (["Maslennikov", "MASLENNIKOV"], "Масленников", "Масленникову", "Масленникова"),
    (["Stalin", "STALIN"], "Сталин", "Сталину", "Сталина"),
    (["Molotov", "MOLOTOV"], "Молотов", "Молотову", "Молотова"),
    (["Beria", "BERIA"], "Берия", "Берия", "Берия"),
    (["Malenkov", "MALENKOV"], "Маленков", "Маленкову", "Маленкова"),
    (["Pishevari", "Pishavari"], "Пишевари", "Пишевари", "Пишевари"),
    (["Derakhshani", "Darakhshami"], "Дарахшани", "Дарахшани", "Дарахшани"),
    (["Sadchikov", "SADCHIKOV"], "Садчиков", "Садчикову", "Садчикова"),
    (["Qavam", "Kavam"], "Кавам", "Каваму", "Кавама"),
    (["Humayun"], "Хумаюн", "Хумаюну", "Хумаюна"),
    (["Kozlov", "KOZLOV"], "Козлов", "Козлову", "Козлова"),
]
# (English forms, Russian nominative, prepositional, genitive)
PLACES = [
    (["Tabriz", "Tebriz"], "Тавриз", "Тавризе", "Тавриза"),
    (["Tehran", "Teheran"], "Тегеран", "Тегеране", "Тегерана"),
    (["Rasht", "Resht"], "Решт", "Реште", "Решта"),
    (["Maragheh", "Margara"], "Марага", "Мараге", "Мараги"),
    (["Ardebil", "Ardabil"], "Ардебиль", "Ардебиле", "Ардебиля"),
    (["Zanjan"], "Зенджан", "Зенджане", "Зенджана"),
    (["Usku", "Osku"], "Уску", "Уску", "Уску"),
    (["Mahabad"], "Мехабад", "Мехабаде", "Мехабада"),
    (["Urmia", "Rezaiyeh"], "Урмия", "Урмии", "Урмии"),
    (["Khoy"], "Хой", "Хое", "Хоя"),
    (["Meyaneh", "Mianeh"], "Миане", "Миане", "Миане"),
    (["Astara"], "Астара", "Астаре", "Астары"),
]
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PARAGRAPHS = [
    (
        "По сообщению из {pg}, {d} {m} в городе {pp} партизаны окружили жандармский пост и предложили жандармам сдаться. "
        "После {h}-часовой перестрелки {n} жандармов сдались, а остальные разбежались и скрылись в ближайших селах.",
        "According to a report from {pe}, on {d} {me} in the city of {pe2} the partisans surrounded the gendarmerie post "
        "and proposed that the gendarmes surrender. After a {h}-hour firefight {n} gendarmes surrendered and the rest "
        "scattered and hid in nearby villages.",
    ),
    (
        "По данным наших военных, {d} {m} в городе {pp} убит губернатор города и ранен полковник {q}. "
        "Жандармерия города разбежалась и скрывается по домам.",
        "According to information of our military people, on {d} {me} in the city of {pe2} the governor of the city was "
        "killed and Colonel {qe} was wounded. The gendarmerie of the city scattered and is hiding in houses.",
    ),
    (
        "Генерал {q} сообщил правительству, что если в ближайшие дни он не получит подкрепления из {pg}, то сложит с "
        "себя ответственность за обеспечение порядка.",
        "General {qe} informed the government that if he does not receive reinforcements from {pe} in the next few "
        "days he will absolve himself of responsibility for the maintenance of order.",
    ),
    (
        "Руководство областного комитета Народной партии в городе {pp} обсуждает вопрос о переходе к активным "
        "действиям против реакционных элементов. Население высказывается положительно о событиях.",
        "The leadership of the provincial committee of the People's Party in the city of {pe2} is discussing the issue "
        "of switching to active operations against reactionary elements. The population speaks favorably of the events.",
    ),
    (
        "Реакционные элементы распространяют провокационные слухи о захвате в городе {pp} демократами государственных "
        "учреждений и о столкновениях между демократами и местными властями.",
        "Reactionary elements are spreading provocative rumors about the seizure of government institutions in the city "
        "of {pe2} by the democrats and about clashes between the democrats and local authorities.",
    ),
    (
        "{d} {m} в {pp} прибыли {n} представителей жандармского управления, переодетые в гражданские одежды, и дали "
        "указание жандармам занять боевое положение.",
        "On {d} {me} {n} representatives of the gendarmerie headquarters dressed in civilian clothes arrived in {pe2} and "
        "ordered the gendarmes to take up firing positions.",
    ),
]


def _paragraph(rng: random.Random, when: date) -> tuple[str, str]:
    ru, en = rng.choice(PARAGRAPHS)
    place, other = rng.sample(PLACES, 2)
    person = rng.choice(PEOPLE)
    day = max(1, when.day - rng.randint(0, 3))
    values = dict(
        pg=other[3],
        pe=rng.choice(other[0]),
        pp=place[2],
        pe2=rng.choice(place[0]),
        d=day,
        m=MONTHS_RU[when.month - 1],
        me=MONTHS_EN[when.month - 1],
        h=rng.randint(2, 6),
        n=rng.randint(3, 30),
        q=person[1],
        qe=rng.choice(person[0]),
    )
    return ru.format(**values), en.format(**values)


def document(record: int, rng: random.Random) -> str:
    when = date(1945, 8, 1) + timedelta(days=rng.randint(0, 300))
    senders = rng.sample(PEOPLE[:2] + PEOPLE[8:9], 2)
    addressees = rng.sample(PEOPLE[2:6], rng.randint(1, 4))
    origin = rng.choice([("Baku", "БАКУ", "Moscow", "МОСКВА"), ("Tabriz", "ТАВРИЗА", "Baku", "БАКУ")])
    sender_en = " and ".join(s[0][0] for s in senders)
    addressee_en = ", ".join(a[0][0] for a in addressees)
    title = f"Telegram from {origin[0]} to {origin[2]}, {sender_en} to Cdes. {addressee_en}"
    date_en = f"{MONTHS_EN[when.month - 1]} {when.day:02d}, {when.year}"
    target = rng.randint(3000, 6000)
    ru_paragraphs: list[str] = []
    en_paragraphs: list[str] = []
    while sum(len(p) for p in ru_paragraphs) < target:
        ru, en = _paragraph(rng, when)
        ru_paragraphs.append(ru)
        en_paragraphs.append(en)
    delo = rng.randint(90, 110)
    ru_text = "\n\n".join(
        [
            "## Т Е Л Е Г Р А М М А",
            f"ИЗ {origin[1]}, {when.day} {MONTHS_RU[when.month - 1]} {when.year} г.",
            f"{origin[3]}, т.т." + ", ".join(a[2].upper() for a in addressees) + ".",
            *ru_paragraphs,
            *(s[1].upper() for s in senders),
            f"Принято по ВЧ  \n{when.day}.{when.month}.{when.year}г.",
        ]
    )
    en_text = "\n\n".join(
        [
            "TELEGRAM",
            f"FROM {origin[0].upper()} {when.day} {MONTHS_EN[when.month - 1]} {when.year}",
            f"to {origin[2].upper()}, to Cdes. " + ", ".join(a[0][-1].upper() for a in addressees),
            *en_paragraphs,
            *(s[0][-1].upper() for s in senders),
            f"Received via VCh  \n{when.day} {MONTHS_EN[when.month - 1][:3]} {when.year}",
        ]
    )
    return "\n".join(
        [
            "",
            f"**{date_en}**",
            "",
            f"**{title}**",
            "",
            "**Citation:**",
            "",
            f'"{title}", {date_en}, Wilson Center Digital Archive, RGASPI, f. 558, op. 11, d. {delo}, '
            f"ll. {rng.randint(1, 90):04d}-{rng.randint(91, 200):04d}. Contributed by Jamil Hasanli and translated by "
            f"Gary Goldberg. <https://digitalarchive.wilsoncenter.org/document/{record}>",
            "",
            "**Summary:**",
            "",
            "Synthetic telegram for benchmarks about events in Iranian Azerbaijan.",
            "",
            "**Original Language:**",
            "",
            "Russian",
            "",
            "**Contents:**",
            "",
            "Original Scan  ",
            "Translation - English",
            "",
            ru_text,
            "",
            en_text,
            "",
        ]
    )


def generate(out: Path, count: int = 10_000, seed: int = 1945, first_record: int = 500_000) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = out / f"{first_record + index}.md"
        path.write_text(document(first_record + index, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1945)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents ({size / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
