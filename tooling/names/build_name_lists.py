# ruff: noqa: RUF001 (Turkish names are spelled with the dotless i)
"""Build the word lists in makelaar/base/names/ that the personal-data check reads.

    .venv/bin/python tooling/names/build_name_lists.py [--dictionary /usr/share/dict/dutch]

Sources (see makelaar/base/names/README.md for the licences):

- first names, surnames and places: the Dutch, Flemish, Turkish, French and German
  person and address providers of Faker (MIT), installed with factory-boy;
- names common among Dutch residents with roots in Morocco, Suriname, the Antilles,
  Poland, Syria, Eritrea, Somalia, Afghanistan and Ukraine that those providers lack:
  listed below by hand for this project;
- which surnames are also ordinary Dutch words: the OpenTaal word list (BSD or CC BY
  3.0; Debian package `wdutch`, /usr/share/dict/dutch), which is read, not shipped.
  Which first names are ordinary words is the hand-made list below.

Everything is lower-cased, Turkish dotless i folded to i, one word a line, sorted. A
surname written with a particle ("de Vries", "van Dijk") is stored without it ("vries",
"dijk"): the check finds the particle itself.
"""

import argparse
import pathlib
import sys

from faker.providers.address import nl_NL as address_nl
from faker.providers.person import de_DE, fr_FR, nl_BE, nl_NL, tr_TR

OUT = pathlib.Path(__file__).resolve().parents[2] / "makelaar" / "base" / "names"

PARTICLES = {
    "van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "'s", "d'", "le", "la",
    "die", "du", "da", "di", "von", "und", "zu", "el", "al", "ben", "in", "op", "uit", "aan",
}  # fmt: skip

# Composed for this project from general knowledge of which names are common in the
# Netherlands; no source was copied.
EXTRA_FIRST_NAMES = """
mohammed mohamed muhammad mohammad mohamad ahmed ahmad achmed youssef yousef youssouf
said saïd mustafa moustafa hassan hasan hussein houssein omar karim rachid rashid
abdel abdelkader abdellah abdullah abdul abdelaziz ibrahim ismail ismaël khalid khaled
mehdi nordin redouan redouane soufiane sofyan bilal hamza anouar anwar ayoub yassine
yassin zakaria adil driss hicham jamal mimoun mourad nabil samir tarik tariq younes
youness othman otman brahim lahcen mohand abdelhak abderrahim abdessamad marouane
fatima fatma khadija khadidja aicha aisha aïcha malika naima naïma nadia samira hanan
houda latifa meryem mariam maryam nora rachida saida souad touria yasmina yasmine
zineb zahra layla leila imane ikram hafsa hajar hind ilham karima loubna naoual nezha
sanae siham zohra soumaya ouafae wafae hayat habiba jamila najat nawal
ayşe ayse fatma emine hatice zeynep elif merve büşra esra özlem gülsen sevgi songül
mehmet ahmet hüseyin huseyin murat emre burak yusuf osman ömer omer hakan serkan kemal
mevlüt erdal halil recep orhan cengiz selim volkan
radjesh rajesh ramesh sunita anita shanti ashwin kishan priya sita devi sharmila
rakesh dinesh suresh vijay anand ravi sanjay soenita soerin roshni shirley
jurgen glenn romano rigo shurandy jurich ruthmilda giselle
piotr krzysztof tomasz pawel paweł marek andrzej grzegorz michal michał lukasz łukasz
agnieszka katarzyna malgorzata małgorzata magdalena joanna ewa monika dorota beata
abdi abdirahman abdullahi hodan fadumo faduma hawa ayaan filmon yonas semhar selam
tesfay merhawi kidane yohannes senait helen mebrahtu ghirmay saba
bashar rami lina rania hamid farid mahmoud walid ahmadzai zainab zeinab nour noura
olena oksana iryna natalia nataliia tetiana andriy andrii oleksandr serhiy serhii
dmytro yulia yuliia oleh vitalii
annie johan jan piet kees wim henk gerrit klaas cor joop truus riet nel bep ans
corrie marja ineke anneke jannie willem hendrik pieter dirk teun
"""

EXTRA_SURNAMES = """
amrani idrissi bouzid boukhari benali ouali aziz azzouzi khattabi chaouch boulahrouz
bakkali haddou zaoui tahiri ouhadi amzil belhaj bouchtaoui elhamdaoui hamdaoui
ouaali ouahabi kaddouri lachkar mahdaoui mansouri moussaoui ouazzani rahmouni
yilmaz kaya demir sahin şahin celik çelik yildiz yıldız yildirim öztürk ozturk aydin
aydın özdemir ozdemir arslan dogan doğan kilic kılıç aslan cetin çetin koc koç özkan
ozkan simsek şimşek polat korkmaz erdem avci avcı gunes güneş karaca tekin ucar
ramdin ramsaran jagessar sewdien baldewsingh mahabier ramlal kalloe soekhlal
ramautar bhagwandin chotkan jiawan sital girjasing ramkisoen
kowalski kowalska nowak wisniewski wiśniewski wojcik wójcik kowalczyk kaminski
kamiński lewandowski zielinski zieliński szymanski woźniak
mohamud abdullahi haile tesfaye gebremedhin tekle berhe ghebreyesus habte
haddad khalil hamdan mansour nasser alhassan hussaini rahimi ahmadi hosseini
jansen janssen janssens de vries smit bakker visser meijer mulder
"""

# First names that are also ordinary Dutch words: on their own they are not a name
# ("Toon de flyer", "Ben je er?"), beside a relation word, an initial or a surname they are.
FIRST_NAMES_THAT_ARE_WORDS = """
adem amber bas beau ben beren bergen beste bo bob constant dan edit el elke els ernst
ester fleur flora frank gloria grit hagen heide helen hoop iris jade jet job joke kader
ken kick kim leen lies lieve linde lot mare marine mark mats max mees merel nova peer
peren pol puck roman roos rune salami server storm toon toy viola wolf wil will may
april juni juli augustus mei maan zon zee sterre hemel liefde vrede wijs imam emir nazi
barak erica horst jack marina wolfram nada sultan
"""


def fold(word):
    return word.replace("ı", "i").replace("İ", "I").lower().strip()


def stem(surname):
    """'de Vries' -> 'vries'; names with more than one part that is not a particle
    ('Aelftrud van Wessex', 'Klomp Jan') are left out: the providers made them up."""
    parts = [p for p in fold(surname).split() if p not in PARTICLES]
    if len(parts) != 1 or len(parts[0]) < 2:
        return None
    return parts[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dictionary", default="/usr/share/dict/dutch")
    args = parser.parse_args()
    dictionary = pathlib.Path(args.dictionary)
    if not dictionary.exists():
        sys.exit(f"{dictionary} is missing: apt-get install wdutch")
    ordinary = {w for w in dictionary.read_text().split() if w == w.lower()}

    first = set(EXTRA_FIRST_NAMES.split())
    for module in (nl_NL, nl_BE, tr_TR, fr_FR, de_DE):
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            first |= {fold(n) for n in getattr(module.Provider, attribute, ())}
    surnames = {fold(n) for n in EXTRA_SURNAMES.split() if n not in PARTICLES}
    for module in (nl_NL, nl_BE, tr_TR):
        surnames |= {s for s in map(stem, module.Provider.last_names) if s}
    places = {fold(c) for c in address_nl.Provider.cities}
    # Words that the providers list as surnames but are a form of address, a city or
    # an adjective of a street name ("de Heer", "Den Haag", "de Lange Tiendeweg").
    surnames -= {"heer", "haag", "man", "grote", "lange", "korte", "kale", "jonge"}
    first = {n for n in first if len(n) > 1 and n.replace("-", "").isalpha()}
    surnames = {n for n in surnames if n.replace("-", "").replace("'", "").isalpha()}

    words = set(FIRST_NAMES_THAT_ARE_WORDS.split()) & first
    # a first name in lower case in the dictionary ("thomas", "peters") is still a name
    words |= {s for s in surnames if s in ordinary and s not in first}
    words |= {"smit", "jong", "groot", "wit", "graaf", "bruin", "jager", "haas", "leeuw"}
    words &= first | surnames

    OUT.mkdir(exist_ok=True)
    for name, values in [
        ("first_names.txt", first),
        ("surnames.txt", surnames),
        ("ordinary_words.txt", words),
        ("places.txt", places),
    ]:
        (OUT / name).write_text("".join(f"{v}\n" for v in sorted(values)))
        print(f"{name}: {len(values)}")


if __name__ == "__main__":
    main()
