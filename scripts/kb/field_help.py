"""Finnish labels and hints of the data fields, for the people who edit them.

`make schema` puts them into the JSON Schema (`title`, `description`), where the
YAML extension of a text editor shows them on hover and the browser editor's form
(generated from the schema, kb.editor) shows them as field labels and hints. They
are what the comments at the top of the old list files used to explain. The hint
says what belongs in the field and in what form; the editor's guide
(data/README.fi.md, README.sv.md) tells the whole story in both languages.
"""
from __future__ import annotations

# field name -> (label, hint). A name means the same thing in every kind that has it.
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("Tunnus", "Pienet kirjaimet a–z, numerot ja väliviivat, esim. ka220-vet. Tiedoston nimi on sama "
                     "kuin tunnus, ja muut tietueet viittaavat tähän tunnukseen; älä muuta olemassa olevaa."),
    "title": ("Otsikko", "Nimi sellaisena kuin se itse kirjoitetaan (hankkeen tai asiakirjan oma nimi)."),
    "file": ("Lähdetiedosto", "Lähdeaineiston tiedoston nimi (seeds-kansiossa), jos lähde on tallennettu."),
    "url": ("Verkko-osoite", "Alkaa https://, esim. https://www.oph.fi/."),
    "language": ("Kieli", "Lähdeasiakirjan kieli."),
    "period": ("Ohjelmakausi", "2021-2027 = nykyinen kausi, 2014-2020 = edellinen. Vanhan kauden tietoa ei "
                               "esitetä voimassa olevana."),
    "published": ("Julkaistu", "Lähteen julkaisupäivä tai -vuosi, jos lähde kertoo sen."),
    "order": ("Järjestys", "Paikka luetteloissa ja taulukoissa: pienempi luku ensin. Ilman lukua tietue tulee "
                           "viimeiseksi. Lähteiden numerot [1], [2] ... seuraavat tätä järjestystä."),
    "code": ("Koodi", "Virallinen koodi, esim. KA220-VET."),
    "name": ("Nimi", "Nimi molemmilla kielillä."),
    "description": ("Kuvaus", "Lyhyt kuvaus omin sanoin molemmilla kielillä."),
    "sources": ("Lähteet", "Lähteet, joista tiedot ovat. Tiedot tulevat lähteistä; tekstit kirjoitetaan omin "
                           "sanoin, eikä niissä sanota enempää kuin lähde."),
    "number": ("Numero", "Avaintoimen numero 1–3."),
    "summary": ("Tiivistelmä", "Lyhyt kuvaus omin sanoin molemmilla kielillä."),
    "objectives": ("Tavoitteet", "Mihin avaintoimi on tarkoitettu."),
    "notes": ("Huomiot", "Muut lähteen mainitsemat huomiot, yksi kohta kerrallaan."),
    "last_checked": ("Tarkistettu", "Päivä, jona tiedot viimeksi verrattiin lähteisiin. Sivu näyttää sen "
                                    "lukijalle."),
    "key_action": ("Avaintoimi", "Avaintoimi, johon rahoitustoiminto kuuluu."),
    "sectors": ("Koulutussektorit", "Sektorit, joita tietue koskee."),
    "managed_by": ("Hallinnoija", "national-agency = kansallinen toimisto (Opetushallitus), eacea = "
                                  "Euroopan komission toimeenpanovirasto."),
    "who_can_apply": ("Kuka voi hakea", "Hakijat, yksi kohta kerrallaan."),
    "participants": ("Osallistujat", "Ketkä toimintaan osallistuvat."),
    "eligibility": ("Kelpoisuusehdot", "Kelpoisuuskysely lukee nämä säännöt: organisaatioiden ja maiden määrä, "
                                       "kolmansien maiden kumppanit, akkreditointi, kesto ja lisäehdot."),
    "organisations": ("Organisaatioiden määrä", "Osallistuvien organisaatioiden vähimmäis- ja enimmäismäärä, "
                                                "hakija mukaan lukien."),
    "min": ("Vähintään", "Kokonaisluku."),
    "max": ("Enintään", "Kokonaisluku; vähintään yhtä suuri kuin alaraja."),
    "countries": ("Maat", "Maat (tunnukset maaluettelosta)."),
    "third_country_partners": ("Kumppanit ohjelman ulkopuolisista kolmansista maista",
                               "not-allowed = ei sallittu, partner-only = vain kumppanina, allowed = sallittu, "
                               "not-stated = lähde ei kerro."),
    "accreditation": ("Akkreditointi", "required = vaaditaan, excluded = akkreditoitu ei voi hakea, any = ei "
                                       "vaikuta."),
    "conditions": ("Lisäehdot", "Ehdot, joista kysely kysyy: `answer` on kyselyn vastauksen nimi (esim. "
                                "has_vet_partner) ja joko `equals` (kyllä/ei) tai `at_least` (luku)."),
    "answer": ("Vastaus", "Kyselyn vastauksen nimi, esim. accredited, has_higher_education_partner, "
                          "has_vet_partner, labour_market_partners, education_partners, has_practice_school, "
                          "teacher_education_institution, schools_in_network."),
    "equals": ("On", "Kyllä/ei-vastauksen on oltava tämä."),
    "at_least": ("Vähintään", "Lukuvastauksen on oltava vähintään tämä."),
    "text": ("Teksti", "Teksti molemmilla kielillä."),
    "composition_rules": ("Kokoonpanosäännöt", "Säännöt hankkeen kokoonpanosta, yksi kohta kerrallaan."),
    "duration": ("Kesto", "Vähimmäis- ja enimmäiskesto sekä yksikkö; `values` luettelee ainoat sallitut "
                          "kestot, jos niitä on."),
    "unit": ("Yksikkö", "months = kuukautta, days = päivää."),
    "values": ("Sallitut kestot", "Ainoat sallitut kestot, esim. 12, 24 ja 36 kuukautta."),
    "max_unit": ("Ylärajan yksikkö", "Jos yläraja on eri yksikössä kuin alaraja (5 päivää – 2 kuukautta)."),
    "grant": ("Avustus", "Mitä toiminto rahoittaa: enimmäismäärä, kertakorvaukset, osuus kustannuksista."),
    "max_eur": ("Enimmäismäärä (euroa)", "Kokonaisluku euroina ilman välilyöntejä."),
    "per": ("Yksikkö", "project = hanketta kohden, year = vuodessa."),
    "lump_sums_eur": ("Kertakorvaukset (euroa)", "Vaihtoehtoiset kertakorvaukset euroina."),
    "max_share_percent": ("Enimmäisosuus (%)", "Enimmäisosuus kustannuksista prosentteina."),
    "preferred": ("Suositeltu termi", "Termi, jota sivustolla käytetään, kielittäin (englanti, jos siitä on apua)."),
    "avoid": ("Vältettävät muodot", "Sanat, joita ei käytetä tästä käsitteestä; `make check` ilmoittaa ne. "
                                   "Tähti lopussa (nuorisosektori*) kattaa myös taivutetut muodot."),
    "glossary": ("Sanaston termi", "Sanaston merkintä, jonka termin on oltava sama kuin suositeltu termi."),
    "illustrative": ("Keksitty esimerkki", "Valitse, jos lähde keksi hankkeen havainnollistukseksi "
                                           "(ei rahoitettu hanke): sivu sanoo sen."),
    "provisional": ("Alustava päivämäärä", "Valitse, jos lähde antaa päivämäärän alustavana."),
    "note": ("Huomautus", "Lisätieto molemmilla kielillä."),
    "deadlines": ("Hakuajat", "Yksi kohta jokaista hakukierrosta kohti. Hakuajat muuttuvat vuosittain: "
                              "jokaisella on vuosi, ja tarkistuspäivä kertoo, milloin tieto tarkistettiin."),
    "year": ("Vuosi", "Hakukierroksen vuosi; sama kuin päivämäärän vuosi."),
    "date": ("Päivämäärä", "Hakuajan viimeinen päivä."),
    "time": ("Kellonaika", "Tunnit:minuutit ja aikavyöhyke, esim. 12:00 CET."),
    "round": ("Hakukierros", "Hakukierroksen nimi molemmilla kielillä."),
    "how_to_apply": ("Näin haet", "Miten ja minne hakemus jätetään."),
    "aims": ("Tavoitteet", "Yksi tavoite kerrallaan."),
    "activities": ("Toiminnot", "Mitä tehdään, yksi kohta kerrallaan."),
    "results": ("Tulokset", "Mitä syntyy, yksi kohta kerrallaan."),
    "formats": ("Hankemuodot", "Jos toiminto rahoittaa useita hankemuotoja: kunkin nimi ja kuvaus."),
    "family": ("Ryhmä", "Ohjelman ryhmittely avaintoimen sisällä, jos sellainen on."),
    "successors": ("Seuraajat", "Nykyisen kauden toiminnot, jotka jatkavat tätä (vanhan kauden toiminnoille)."),
    "category": ("Laji", "ltt = edellisen kauden oppimis-, opetus- ja koulutustoiminta; ka1-staff, ka1-learner, "
                         "ka1-other = liikkuvuuden lajit; partnership-activity = kumppanuushankkeen toiminta; "
                         "budget-category = budjettiluokka."),
    "group_durations": ("Kestot ryhmittäin", "Kestot, jotka koskevat vain yhtä osallistujaryhmää."),
    "rules": ("Säännöt", "Lähteen asettamat vaatimukset, yksi kohta kerrallaan."),
    "actions": ("Rahoitustoiminnot", "Toiminnot, joihin tietue liittyy; se näkyy niiden sivuilla."),
    "kind": ("Laji", "topic = aihe, priority = painopiste, horizontal = koko ohjelman läpileikkaava painopiste, "
                     "in-focus = erityisen huomion kohde."),
    "status": ("Asema", "eu-member = EU-maa, associated = ohjelmaan assosioitunut kolmas maa, partner = "
                        "kumppanimaa."),
    "action": ("Rahoitustoiminto", "Toiminto, josta hanke sai rahoituksen; hanke näkyy sen sivulla."),
    "themes": ("Teemat", "Hankkeen teemat; hanke näkyy teemojen sivuilla."),
    "partners": ("Kumppanit", "Nimetyt kumppanit: nimi, maa ja rooli (coordinator = koordinaattori)."),
    "country": ("Maa", "Kumppanin maa."),
    "role": ("Rooli", "coordinator = koordinaattori, partner = kumppani."),
    "partner_types": ("Kumppanityypit", "Kun kumppaneita ei nimetä: millaisia organisaatioita mukana on."),
    "term": ("Termi", "Termi suomeksi, ruotsiksi ja englanniksi."),
    "abbreviation": ("Lyhenne", "Vakiintunut lyhenne, jos on."),
    "definition": ("Määritelmä", "Selitys omin sanoin molemmilla kielillä."),
}

LANG_LABELS = {"fi": "suomeksi", "sv": "ruotsiksi", "en": "englanniksi"}
