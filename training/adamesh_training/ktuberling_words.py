"""Real isolated words with checked text for training: the KTuberling voice sets (issue 13, ADR 0032).

Debian's ``ktuberling-data`` (GPL-2+, KDE) holds the words the KTuberling toy says when a child puts a
piece on the picture: about 1,900 recordings of short nouns ("ball", "mouth", "pyramid", "pineapple")
read by one volunteer per language, in 25 languages. They are the kind of speech the real-voice
reference holds (klettres words: one native reader saying one word), by readers the reference never
has. They are read from the installed package, never copied here:

    apt-get install ktuberling-data

What is used, and why:

* Only languages that are *not* reference languages (``realvoice_reference.REFERENCE_LANGUAGES``): the
  same volunteer may have recorded a language's words for KTuberling and for klettres, and the
  reference's readers must stay out of training. That leaves ca, el, gl, lt, nn, ro, sl, sr, uk and wa.
* Only wideband files (16 kHz or more). The old 8 kHz sets (fi, ga, nds, pt, sv, ...) are telephone
  band; the en-us acoustic model that aligns them fails on them (2 of 11 Finnish words recognised).
* Interjections ("huh", "wow", "zzz") and the characters' names are left out: what is said is not
  known.

**The text.** Where a file is named by its word (ro, sr, wa, the Catalan ``patata_*`` set), that is
the text. Most files are named by the English name of the piece ("uk/bow.ogg"), so the text is a
translation: :data:`WORDS` holds our own candidates, one or more per piece ("бант / бантик /
метелик"). No candidate is trusted as given. :func:`verify` runs pocketsphinx as an *isolated-word
recogniser* whose grammar is every candidate of every piece of the language (13-210 words),
and keeps a recording only when the word it recognises is one of that recording's own candidates;
that word becomes the text. Measured on the 120 wideband files whose text is known from their name
(ro, sr, wa and the Catalan ``patata_*`` set; ``python3 -m adamesh_training.ktuberling_words check``
prints it): the recogniser finds the right word in the language's whole list for 58 of them (48 %),
and when each is given another file's word as its only candidate (a wrong translation) it accepts 1
of 120. The check is strict rather than generous: it throws away half of the right texts and lets
almost no wrong one through. The closure labels are then filtered again by ``real_closures``
(pocketsphinx edges and acoustic landmarks must agree), exactly as for klettres and the Asterisk
prompts.

Each kept recording becomes ``(item id, "kt-LANG", text, path)``; ``real_closures build --source
ktuberling`` labels them.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

from . import align
from . import realvoice_reference as R
from .atomic import write_json

ROOT = "/usr/share/ktuberling/sounds"
TAG = "kt-"                      # language tag prefix: these readers never join klettres items
LANGUAGES = ("ca", "el", "gl", "lt", "nn", "ro", "sl", "sr", "uk", "wa")
ESPEAK = {"ca": "ca", "el": "el", "gl": "pt", "lt": "lt", "nn": "nb", "ro": "ro", "sl": "sl", "sr": "sr",
          "uk": "uk", "wa": "fr-fr"}
NAMED_BY_WORD = ("ro", "sr", "wa")      # every file of these is named by its own word
GROUPS = re.compile(r"^(patata|egypt|moon|tv|pizzeria|xmas|robot_workshop|butterflies)_")
MIN_RATE = 16000
UNKNOWN = re.compile(r"(^|[-_])(tux|angry|huh|laugh|sick|stare|what|wow|zzz|shoot|fly|wanted)($|[-_])")

# Our own translations of the pieces' English names: "piece = candidate / candidate". The recogniser
# (verify) decides which candidate, if any, a recording says.
_TABLE = {
    "uk": """
ball = м'яч / м'ячик
bow = бант / бантик / метелик
coat = пальто / куртка
ear = вухо
earring = сережка / сережки
eye = око / очі
eyebrow = брова / брови
flower = квітка / квіти
hair = волосся
hat = капелюх
moustache = вуса
mouth = рот
nose = ніс
shoe = черевик / черевики / туфля
shorts = шорти
skirt = спідниця
spectacles = окуляри
stick = палиця / ціпок
sunglasses = сонцезахисні окуляри / сонячні окуляри
tie = краватка
umbrella = парасолька / парасоля
egypt_arch = арка
egypt_birds = птахи / пташки
egypt_boy = хлопчик
egypt_bridge = міст
egypt_camel = верблюд
egypt_cart = візок / віз
egypt_column = колона
egypt_donkey = віслюк / осел
egypt_girl = дівчинка
egypt_grass = трава
egypt_man = чоловік
egypt_oasis = оаза
egypt_palmtree = пальма
egypt_pyramid = піраміда
egypt_road = дорога
egypt_sphynx = сфінкс
egypt_well = колодязь / криниця
egypt_woman = жінка
moon_alien = прибулець / інопланетянин
moon_astronaut = астронавт / космонавт
moon_earth = земля
moon_fallingstar = падаюча зірка / комета
moon_hotel = готель
moon_monster = монстр / чудовисько
moon_moonwalker = місяцехід
moon_planet = планета
moon_radar = радар
moon_rocket = ракета
moon_satellite = супутник
moon_sign = знак / табличка / вказівник
moon_star = зірка
moon_ufo = нло / літаюча тарілка
pizzeria_anchovy = анчоус / анчоуси
pizzeria_bacon = бекон
pizzeria_brocolli = брокколі / броколі
pizzeria_cheese = сир
pizzeria_cucumber = огірок
pizzeria_mushroom = гриб / гриби
pizzeria_olive = оливка / маслина
pizzeria_onion = цибуля
pizzeria_oregano = орегано
pizzeria_pepper = перець
pizzeria_pepperoni = пепероні
pizzeria_pineapple = ананас
pizzeria_salami = салямі
pizzeria_tomato = помідор / томат
xmas_comet = комета
xmas_star = зірка
xmas_ball = кулька / ялинкова кулька
xmas_tree = ялинка
xmas_rabbit = кролик / заєць / зайчик
xmas_snowflake = сніжинка
xmas_mistletoe = омела
xmas_snowman = сніговик
xmas_present = подарунок
xmas_moon = місяць
xmas_turtle = черепаха
xmas_owl = сова
xmas_candle = свічка
xmas_shoe = черевик
xmas_reindeer = олень
xmas_lights = вогники / гірлянда
xmas_garland = гірлянда
xmas_boot = чобіт / чобіток
xmas_angel = ангел
tux-vase = ваза
tux-teacup = чашка
tux-candles = свічки
tux-goblet = кубок / келих
tux-love = кохання / любов
tux-idea = ідея
tux-arrows = стріли
tux-bow = лук
tux-arrow = стріла
tux-dowe = голуб / голубка
tux-bullseye = мішень
tux-letter = лист
tux-apple = яблуко
tux-flask = пляшка / колба
tux-poison = отрута
tux-note = нота
tux-notes = ноти
tux-fish = риба
tux-plate = тарілка
tux-guitar = гітара
tux-key = ключ
tv_car = автомобіль / машина
tv_cyclist = велосипедист
tv_bicycle = велосипед
tv_train = потяг / поїзд
tv_accident = аварія
tv_barrier = шлагбаум / бар'єр
tv_breakdown_lorry = евакуатор
tv_caravan = фургон / причіп
tv_elephant = слон
tv_excavator = екскаватор
tv_fence = паркан / огорожа
tv_fireengine = пожежна машина
tv_fireman = пожежник
tv_fire = вогонь / пожежа
tv_fisherman = рибалка
tv_ball = м'яч
tv_giraffe = жираф
tv_guitarist = гітарист
tv_guitar = гітара
tv_house = будинок / хата
tv_ladder = драбина
tv_lion = лев
tv_lorry = вантажівка
tv_lorry_tractor = тягач
tv_man = чоловік
tv_mechanic = механік
tv_monkey = мавпа
tv_path = стежка
tv_rock = камінь / скеля
tv_school = школа
tv_shop = магазин / крамниця
tv_smoke = дим
tv_tipper = самоскид
tv_trailer = причіп
tv_tree = дерево
tv_tunnel = тунель
tv_volley_net = сітка / волейбольна сітка
tv_wagon = вагон
tv_woman = жінка
robot_workshop_eye = око
robot_workshop_body = тіло / тулуб
robot_workshop_arm = рука
robot_workshop_head = голова
robot_workshop_wheel = колесо
robot_workshop_rocket = ракета
robot_workshop_base = основа / база
robot_workshop_foot = нога / ступня
robot_workshop_rod = стрижень
robot_workshop_claw = клешня / кіготь
robot_workshop_hand = рука / кисть
robot_workshop_ball = куля / м'яч
robot_workshop_block = блок
robot_workshop_panel = панель
robot_workshop_antenna = антена
butterflies_wing = крило
butterflies_body = тіло / тулуб
butterflies_spiral = спіраль
butterflies_eye = око
butterflies_purple_shape = фіолетова фігура
butterflies_heart = серце
butterflies_circles = кола / кружечки
butterflies_circle = коло / кружечок
""",
    "nn": """
ball = ball
bow = sløyfe
coat = jakke / frakk / kåpe
ear = øyre / øyra
earring = øyredobb / øyrering
eye = auge
eyebrow = augebryn
flower = blome / blomst
hair = hår
hat = hatt
moustache = bart
mouth = munn
nose = nase
shoe = sko
shorts = shorts
skirt = skjørt
spectacles = briller
stick = stokk / kjepp
sunglasses = solbriller
tie = slips
umbrella = paraply
egypt_arch = boge / port
egypt_birds = fuglar
egypt_boy = gut
egypt_bridge = bru
egypt_camel = kamel
egypt_cart = kjerre / vogn
egypt_column = søyle
egypt_donkey = esel
egypt_girl = jente
egypt_grass = gras
egypt_man = mann
egypt_oasis = oase
egypt_palmtree = palme
egypt_pyramid = pyramide
egypt_road = veg
egypt_sphynx = sfinks
egypt_well = brønn
egypt_woman = kvinne
moon_alien = romvesen
moon_astronaut = astronaut
moon_earth = jorda
moon_fallingstar = stjerneskot
moon_hotel = hotell
moon_monster = monster
moon_moonwalker = månebil
moon_planet = planet
moon_radar = radar
moon_rocket = rakett
moon_satellite = satellitt
moon_sign = skilt
moon_star = stjerne
moon_ufo = ufo
pizzeria_anchovy = ansjos
pizzeria_bacon = bacon
pizzeria_brocolli = brokkoli
pizzeria_broccolli = brokkoli
pizzeria_cheese = ost
pizzeria_cucumber = agurk
pizzeria_mushroom = sopp
pizzeria_olive = oliven
pizzeria_onion = lauk
pizzeria_oregano = oregano
pizzeria_pepper = paprika / pepar
pizzeria_pepperoni = pepperoni
pizzeria_pineapple = ananas
pizzeria_salami = salami
pizzeria_tomato = tomat
xmas_comet = komet
xmas_star = stjerne
xmas_ball = julekule / kule
xmas_tree = juletre
xmas_rabbit = kanin
xmas_snowflake = snøflak
xmas_mistletoe = misteltein
xmas_snowman = snømann
xmas_present = gåve
xmas_moon = måne
xmas_turtle = skjelpadde / skilpadde
xmas_owl = ugle
xmas_candle = lys
xmas_shoe = sko
xmas_reindeer = reinsdyr
xmas_lights = lys / lyslenkje
xmas_garland = girlander / lenkje
xmas_boot = støvel
xmas_angel = engel
tux-vase = vase
tux-teacup = tekopp / kopp
tux-candles = lys
tux-goblet = beger
tux-love = kjærleik
tux-idea = idé
tux-arrows = piler
tux-bow = boge
tux-arrow = pil
tux-dowe = due
tux-bullseye = blink
tux-letter = brev
tux-apple = eple
tux-flask = flaske
tux-poison = gift
tux-note = note
tux-notes = notar
tux-fish = fisk
tux-plate = tallerken
tux-guitar = gitar
tux-key = nøkkel
tv_car = bil
tv_cyclist = syklist
tv_bicycle = sykkel
tv_train = tog
tv_accident = ulukke
tv_barrier = bom
tv_breakdown_lorry = bergingsbil
tv_caravan = campingvogn
tv_elephant = elefant
tv_excavator = gravemaskin
tv_fence = gjerde
tv_fire = brann / eld
tv_fireengine = brannbil
tv_fireman = brannmann
tv_fisherman = fiskar
tv_ball = ball
tv_giraffe = sjiraff
tv_guitar = gitar
tv_guitarist = gitarist
tv_house = hus
tv_ladder = stige
tv_lion = løve
tv_lorry = lastebil
tv_lorry_tractor = trekkvogn
tv_man = mann
tv_mechanic = mekanikar
tv_monkey = ape
tv_path = sti
tv_rock = stein
tv_school = skule
tv_shop = butikk
tv_smoke = røyk
tv_tipper = tippbil
tv_trailer = tilhengar
tv_train = tog
tv_tree = tre
tv_tunnel = tunnel
tv_volley_net = nett / volleyballnett
tv_wagon = vogn
tv_woman = kvinne
robot_workshop_eye = auge
robot_workshop_body = kropp
robot_workshop_arm = arm
robot_workshop_head = hovud
robot_workshop_wheel = hjul
robot_workshop_rocket = rakett
robot_workshop_base = sokkel / base
robot_workshop_foot = fot
robot_workshop_rod = stong
robot_workshop_claw = klo
robot_workshop_hand = hand
robot_workshop_ball = kule / ball
robot_workshop_block = kloss
robot_workshop_panel = panel
robot_workshop_antenna = antenne
butterflies_wing = veng
butterflies_body = kropp
butterflies_spiral = spiral
butterflies_eye = auge
butterflies_purple_shape = lilla form
butterflies_heart = hjarte
butterflies_circles = sirklar
butterflies_circle = sirkel
""",
    "lt": """
ball = kamuolys
bow = kaspinas / peteliškė
coat = paltas / švarkas
ear = ausis
earring = auskaras
eye = akis
eyebrow = antakis
flower = gėlė
hair = plaukai
hat = skrybėlė
moustache = ūsai
mouth = burna
nose = nosis
shoe = batas
shorts = šortai
skirt = sijonas
spectacles = akiniai
stick = lazda
sunglasses = akiniai nuo saulės
tie = kaklaraištis
umbrella = skėtis
egypt_arch = arka
egypt_birds = paukščiai
egypt_boy = berniukas
egypt_bridge = tiltas
egypt_camel = kupranugaris
egypt_cart = vežimas
egypt_column = kolona
egypt_donkey = asilas
egypt_girl = mergaitė
egypt_grass = žolė
egypt_man = vyras
egypt_oasis = oazė
egypt_palmtree = palmė
egypt_pyramid = piramidė
egypt_road = kelias
egypt_sphynx = sfinksas
egypt_well = šulinys
egypt_woman = moteris
moon_alien = ateivis
moon_astronaut = astronautas
moon_earth = žemė
moon_fallingstar = krintanti žvaigždė
moon_hotel = viešbutis
moon_monster = pabaisa / monstras
moon_moonwalker = mėnuleigis
moon_planet = planeta
moon_radar = radaras
moon_rocket = raketa
moon_satellite = palydovas
moon_sign = ženklas
moon_star = žvaigždė
moon_ufo = skraidanti lėkštė / nso
pizzeria_anchovy = ančiuviai / ančiuvis
pizzeria_bacon = šoninė
pizzeria_brocolli = brokoliai
pizzeria_broccolli = brokoliai
pizzeria_cheese = sūris
pizzeria_cucumber = agurkas
pizzeria_mushroom = grybas / grybai
pizzeria_olive = alyvuogė / alyvuogės
pizzeria_onion = svogūnas
pizzeria_oregano = raudonėlis
pizzeria_pepper = paprika / pipiras
pizzeria_pepperoni = pepperoni
pizzeria_pineapple = ananasas
pizzeria_salami = saliamis
pizzeria_tomato = pomidoras
xmas_angel = angelas
xmas_ball = žaisliukas / burbulas
xmas_boot = batas
xmas_candle = žvakė
xmas_comet = kometa
xmas_garland = girlianda
xmas_lights = lemputės / girlianda
xmas_mistletoe = amalas
xmas_moon = mėnulis
xmas_owl = pelėda
xmas_present = dovana
xmas_rabbit = kiškis / triušis
xmas_reindeer = elnias / šiaurės elnias
xmas_shoe = batas
xmas_snowflake = snaigė
xmas_snowman = besmegenis / sniego senis
xmas_star = žvaigždė
xmas_tree = eglutė / eglė
xmas_turtle = vėžlys
tux-vase = vaza
tux-teacup = puodelis
tux-candles = žvakės
tux-goblet = taurė
tux-love = meilė
tux-idea = idėja
tux-arrows = strėlės
tux-bow = lankas
tux-arrow = strėlė
tux-dowe = balandis
tux-bullseye = taikinys
tux-letter = laiškas
tux-apple = obuolys
tux-flask = butelis / kolba
tux-poison = nuodai
tux-note = nata
tux-notes = natos
tux-fish = žuvis
tux-plate = lėkštė
tux-guitar = gitara
tux-key = raktas
tv_car = automobilis / mašina
tv_cyclist = dviratininkas
tv_bicycle = dviratis
tv_train = traukinys
tv_accident = avarija
tv_barrier = užtvaras / barjeras
tv_breakdown_lorry = evakuatorius
tv_caravan = priekaba / namelis
tv_elephant = dramblys
tv_excavator = ekskavatorius
tv_fence = tvora
tv_fire = gaisras / ugnis
tv_fireengine = gaisrinė mašina / gaisrinė
tv_fireman = gaisrininkas / ugniagesys
tv_fisherman = žvejys
tv_ball = kamuolys
tv_giraffe = žirafa
tv_guitar = gitara
tv_guitarist = gitaristas
tv_house = namas
tv_ladder = kopėčios
tv_lion = liūtas
tv_lorry = sunkvežimis
tv_lorry_tractor = vilkikas
tv_man = vyras
tv_mechanic = mechanikas
tv_monkey = beždžionė
tv_path = takas
tv_rock = akmuo / uola
tv_school = mokykla
tv_shop = parduotuvė
tv_smoke = dūmai
tv_tipper = savivartis
tv_trailer = priekaba
tv_tree = medis
tv_tunnel = tunelis
tv_volley_net = tinklas
tv_wagon = vagonas
tv_woman = moteris
""",
    "ca": """
egypt_arch = arc
egypt_birds = ocells
egypt_boy = noi
egypt_bridge = pont
egypt_camel = camell
egypt_cart = carro
egypt_column = columna
egypt_donkey = ase / ruc
egypt_girl = noia
egypt_grass = herba
egypt_man = home
egypt_oasis = oasi
egypt_palmtree = palmera
egypt_pyramid = piràmide
egypt_road = camí
egypt_sphynx = esfinx
egypt_well = pou
egypt_woman = dona
moon_alien = extraterrestre
moon_astronaut = astronauta
moon_earth = terra
moon_fallingstar = estel fugaç
moon_hotel = hotel
moon_monster = monstre
moon_moonwalker = vehicle lunar
moon_planet = planeta
moon_radar = radar
moon_rocket = coet
moon_satellite = satèl·lit
moon_sign = senyal / rètol
moon_star = estrella
moon_ufo = ovni / plat volador
pizzeria_anchovy = anxova / anxoves
pizzeria_bacon = bacó / cansalada
pizzeria_brocolli = bròquil
pizzeria_broccolli = bròquil
pizzeria_cheese = formatge
pizzeria_cucumber = cogombre
pizzeria_mushroom = xampinyó / bolet
pizzeria_olive = oliva / olives
pizzeria_onion = ceba
pizzeria_oregano = orenga
pizzeria_pepper = pebrot
pizzeria_pepperoni = pepperoni
pizzeria_pineapple = pinya
pizzeria_salami = salami
pizzeria_tomato = tomàquet
xmas_angel = àngel
xmas_ball = bola
xmas_boot = bota
xmas_candle = espelma
xmas_comet = cometa
xmas_garland = garlanda
xmas_lights = llums
xmas_mistletoe = vesc
xmas_moon = lluna
xmas_owl = mussol / òliba
xmas_present = regal
xmas_rabbit = conill
xmas_reindeer = ren
xmas_shoe = sabata
xmas_snowflake = floc de neu
xmas_snowman = ninot de neu
xmas_star = estrella
xmas_tree = arbre de nadal / avet
xmas_turtle = tortuga
tux-apple = poma
tux-arrow = fletxa
tux-arrows = fletxes
tux-bow = arc
tux-bullseye = diana
tux-candles = espelmes
tux-fish = peix
tux-flask = flascó / ampolla
tux-poison = verí
tux-goblet = copa
tux-guitar = guitarra
tux-key = clau
tux-letter = carta
tux-note = nota
tux-notes = notes
tux-plate = plat
tux-teacup = tassa
tux-vase = gerro
tux-love = amor
tux-idea = idea
tux-dowe = colom
butterflies_body = cos
butterflies_circle = cercle
butterflies_circles = cercles
butterflies_eye = ull
butterflies_heart = cor
butterflies_purple_shape = forma lila
butterflies_spiral = espiral
butterflies_wing = ala
robot_workshop_antenna = antena
robot_workshop_arm = braç
robot_workshop_ball = bola
robot_workshop_base = base
robot_workshop_block = bloc
robot_workshop_body = cos
robot_workshop_claw = pinça / urpa
robot_workshop_eye = ull
robot_workshop_foot = peu
robot_workshop_hand = mà
robot_workshop_head = cap
robot_workshop_panel = panell
robot_workshop_rocket = coet
robot_workshop_rod = barra
robot_workshop_wheel = roda
tv_accident = accident
tv_ball = pilota
tv_barrier = barrera
tv_bicycle = bicicleta
tv_breakdown_lorry = grua
tv_car = cotxe
tv_caravan = caravana
tv_cyclist = ciclista
tv_elephant = elefant
tv_excavator = excavadora
tv_fence = tanca
tv_fire = foc
tv_fireengine = camió de bombers
tv_fireman = bomber
tv_fisherman = pescador
tv_giraffe = girafa
tv_guitar = guitarra
tv_guitarist = guitarrista
tv_house = casa
tv_ladder = escala
tv_lion = lleó
tv_lorry = camió
tv_lorry_tractor = tractor / camió
tv_man = home
tv_mechanic = mecànic
tv_monkey = mona / mico
tv_path = camí
tv_rock = roca
tv_school = escola
tv_shop = botiga
tv_smoke = fum
tv_tipper = bolquet / camió bolquet
tv_trailer = remolc
tv_train = tren
tv_tree = arbre
tv_tunnel = túnel
tv_volley_net = xarxa
tv_wagon = vagó
tv_woman = dona
""",
    "el": """
ball = μπάλα
coat = παλτό
ear = αυτί
earring = σκουλαρίκι
eye = μάτι
eyebrow = φρύδι
flower = λουλούδι
hair = μαλλιά
hat = καπέλο
moustache = μουστάκι
mouth = στόμα
nose = μύτη
shoe = παπούτσι
shorts = σορτς
skirt = φούστα
spectacles = γυαλιά
stick = μπαστούνι
sunglasses = γυαλιά ηλίου
tie = γραβάτα
umbrella = ομπρέλα
arrow = βέλος
cheese = τυρί
egypt_arch = αψίδα
egypt_birds = πουλιά
egypt_boy = αγόρι
egypt_bridge = γέφυρα
egypt_camel = καμήλα
egypt_cart = κάρο
egypt_column = κολόνα / στήλη
egypt_donkey = γάιδαρος
egypt_girl = κορίτσι
egypt_grass = γρασίδι / χορτάρι
egypt_man = άντρας
egypt_oasis = όαση
egypt_palmtree = φοίνικας
egypt_pyramid = πυραμίδα
egypt_road = δρόμος
egypt_sphynx = σφίγγα
egypt_well = πηγάδι
egypt_woman = γυναίκα
moon_alien = εξωγήινος
moon_astronaut = αστροναύτης
moon_earth = γη
moon_fallingstar = πεφταστέρι
moon_hotel = ξενοδοχείο
moon_monster = τέρας
moon_moonwalker = σεληνάκατος / όχημα
moon_planet = πλανήτης
moon_radar = ραντάρ
moon_rocket = πύραυλος
moon_satellite = δορυφόρος
moon_sign = πινακίδα
moon_star = αστέρι
moon_ufo = ιπτάμενος δίσκος / ούφο
pizzeria_anchovy = αντζούγια
pizzeria_bacon = μπέικον
pizzeria_broccolli = μπρόκολο
pizzeria_brocolli = μπρόκολο
pizzeria_cheese = τυρί
pizzeria_cucumber = αγγούρι
pizzeria_mushroom = μανιτάρι
pizzeria_olive = ελιά
pizzeria_onion = κρεμμύδι
pizzeria_oregano = ρίγανη
pizzeria_pepper = πιπεριά
pizzeria_pepperoni = πεπερόνι
pizzeria_pineapple = ανανάς
pizzeria_salami = σαλάμι
pizzeria_tomato = ντομάτα
tv_car = αυτοκίνητο
tv_cyclist = ποδηλάτης
tv_bicycle = ποδήλατο
tv_train = τρένο
""",
    "gl": """
ball = balón / pelota
bow = lazo
coat = abrigo
ear = orella
earring = pendente
eye = ollo
eyebrow = cella
flower = flor
hair = pelo / cabelo
hat = sombreiro / chapeu
moustache = bigote
mouth = boca
nose = nariz
shoe = zapato
shorts = pantalóns curtos
skirt = saia
spectacles = lentes / gafas
stick = bastón
sunglasses = lentes de sol / gafas de sol
tie = gravata
umbrella = paraugas
egypt_arch = arco
egypt_birds = paxaros
egypt_boy = neno
egypt_bridge = ponte
egypt_camel = camelo
egypt_cart = carro
egypt_column = columna
egypt_donkey = burro
egypt_girl = nena
egypt_grass = herba
egypt_man = home
egypt_oasis = oasis
egypt_palmtree = palmeira
egypt_pyramid = pirámide
egypt_road = camiño
egypt_sphynx = esfinxe
egypt_well = pozo
egypt_woman = muller
moon_alien = extraterrestre
moon_astronaut = astronauta
moon_earth = terra
moon_fallingstar = estrela fugaz
moon_hotel = hotel
moon_monster = monstro
moon_moonwalker = vehículo lunar
moon_planet = planeta
moon_radar = radar
moon_rocket = foguete
moon_satellite = satélite
moon_sign = sinal
moon_star = estrela
moon_ufo = ovni
pizzeria_anchovy = anchoa
pizzeria_bacon = touciño / bacon
pizzeria_broccolli = brócoli
pizzeria_brocolli = brócoli
pizzeria_cheese = queixo
pizzeria_cucumber = pepino
pizzeria_mushroom = cogomelo
pizzeria_olive = oliva
pizzeria_onion = cebola
pizzeria_oregano = ourego
pizzeria_pepper = pemento
pizzeria_pepperoni = pepperoni
pizzeria_pineapple = piña
pizzeria_salami = salame
pizzeria_tomato = tomate
tv_car = coche
tv_cyclist = ciclista
tv_bicycle = bicicleta
tv_train = tren
""",
    "sl": """
ball = žoga
bow = pentlja / metuljček
coat = plašč
ear = uho
earring = uhan
eye = oko
eyebrow = obrv
flower = roža / cvet
hair = lasje
hat = klobuk
moustache = brki
mouth = usta
nose = nos
shoe = čevelj
shorts = kratke hlače
skirt = krilo
spectacles = očala
stick = palica
sunglasses = sončna očala
tie = kravata
umbrella = dežnik
egypt_arch = lok / obok
egypt_birds = ptiči
egypt_boy = deček / fant
egypt_bridge = most
egypt_camel = kamela
egypt_cart = voz / voziček
egypt_column = steber
egypt_donkey = osel
egypt_girl = deklica
egypt_grass = trava
egypt_man = moški
egypt_oasis = oaza
egypt_palmtree = palma
egypt_pyramid = piramida
egypt_road = cesta
egypt_sphynx = sfinga
egypt_well = vodnjak
egypt_woman = ženska
moon_alien = vesoljec
moon_astronaut = astronavt
moon_earth = zemlja
moon_fallingstar = utrinek / zvezdni utrinek
moon_hotel = hotel
moon_monster = pošast
moon_moonwalker = lunohod
moon_planet = planet
moon_radar = radar
moon_rocket = raketa
moon_satellite = satelit
moon_sign = znak
moon_star = zvezda
moon_ufo = leteči krožnik / nlp
pizzeria_anchovy = sardela / inčun
pizzeria_bacon = slanina
pizzeria_broccolli = brokoli
pizzeria_brocolli = brokoli
pizzeria_cheese = sir
pizzeria_cucumber = kumara
pizzeria_mushroom = goba / gobe
pizzeria_olive = oliva / olive
pizzeria_onion = čebula
pizzeria_oregano = origano
pizzeria_pepper = paprika
pizzeria_pepperoni = feferoni
pizzeria_pineapple = ananas
pizzeria_salami = salama
pizzeria_tomato = paradižnik
tv_car = avto
tv_cyclist = kolesar
tv_bicycle = kolo
tv_train = vlak
""",
}


def _parse(text):
    out = {}
    for line in text.strip().splitlines():
        name, cands = line.split("=", 1)
        out[name.strip()] = [c.strip() for c in cands.split("/") if c.strip()]
    return out


WORDS = {lang: _parse(t) for lang, t in _TABLE.items()}


def installed():
    return os.path.isdir(ROOT)


def theme(lang):
    """[(piece name, file path)] of one language's sound theme."""
    with open(os.path.join(ROOT, lang + ".soundtheme"), encoding="utf-8") as fh:
        txt = fh.read()
    return [(n, os.path.join(ROOT, f)) for n, f in re.findall(r'<sound\s+name="([^"]+)"\s+file="([^"]+)"', txt)]


def _word_from_file(path):
    base = os.path.splitext(os.path.basename(path))[0]
    return GROUPS.sub("", base).replace("-", " ").replace("_", " ").strip()


def candidates(lang):
    """{path: [candidate texts]} of one language's usable recordings: named by their word, or by a piece
    :data:`WORDS` translates. Interjections and characters' names are left out."""
    out = {}
    for name, path in theme(lang):
        if path in out or not os.path.exists(path):
            continue
        base = os.path.splitext(os.path.basename(path))[0]
        if lang in NAMED_BY_WORD or base.startswith("patata_"):
            if not UNKNOWN.search(base.lower()):
                out[path] = [_word_from_file(path)]
        elif name in WORDS.get(lang, {}):
            out[path] = list(WORDS[lang][name])
    return out


def read_audio(path):
    """(mono float32 16 kHz samples, the file's own sample rate) of any file FFmpeg decodes (ogg, opus,
    wav)."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                            "stream=sample_rate", "-of", "csv=p=0", path], capture_output=True, text=True,
                           check=True).stdout.strip()
    raw = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-f", "s16le", "-ac", "1", "-ar",
                          "16000", "-"], capture_output=True, check=True).stdout
    if not raw:
        raise ValueError("%s decoded to no audio" % path)
    return np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0, int(probe or 0)


def word_phones(text, lang):
    """[[en-us phone, ...] per word] of a text, through espeak-ng in the language's voice."""
    words = []
    for w in text.split():
        ph = R.to_arpabet(R.espeak_phonemes(w, ESPEAK.get(lang, lang)))
        if ph:
            words.append(ph)
    return words


def recognise(wavs, vocab, workdir):
    """{wav: recognised vocabulary key or None}: pocketsphinx with a grammar of one word out of ``vocab``
    ({key: [en-us phones]}), optional silence around it."""
    keys = sorted(vocab)
    dic = os.path.join(workdir, "vocab.dict")
    with open(dic, "w") as fh:
        for k, key in enumerate(keys):
            fh.write("w%d %s\n" % (k, " ".join(vocab[key])))
        fh.write("sil SIL\n")
    gram = os.path.join(workdir, "vocab.gram")
    with open(gram, "w") as fh:
        fh.write("#JSGF V1.0;\ngrammar vocab;\npublic <v> = [sil] ( %s ) [sil];\n"
                 % " | ".join("w%d" % k for k in range(len(keys))))
    out = {}
    for wav in wavs:
        proc = subprocess.run(["pocketsphinx_continuous", "-hmm", os.path.join(align.MODEL, "en-us"), "-dict", dic,
                               "-jsgf", gram, "-infile", wav, "-logfn", "/dev/null", "-remove_silence", "no",
                               "-beam", "1e-100", "-wbeam", "1e-80", "-pbeam", "1e-100", "-maxhmmpf", "-1",
                               "-fsgusefiller", "no"], capture_output=True, text=True)
        hyp = [t for t in proc.stdout.split() if re.fullmatch(r"w\d+", t)]
        out[wav] = keys[int(hyp[0][1:])] if hyp else None
    return out


def verify(lang, log=None, cands=None):
    """{path: (text, recognised text, candidates, sample rate)} of one language's wideband recordings;
    ``text`` is the recognised word when it is one of the recording's own candidates, else None.
    ``cands`` ({path: [texts]}) replaces :func:`candidates` (tests give wrong ones)."""
    cands = candidates(lang) if cands is None else cands
    vocab = {}
    for cs in cands.values():
        for c in cs:
            if c not in vocab:
                ph = word_phones(c, lang)
                if ph:
                    vocab[c] = [p for w in ph for p in w]
    out = {}
    with tempfile.TemporaryDirectory(prefix="adamesh-kt-") as tmp:
        wavs = {}
        for k, path in enumerate(sorted(cands)):
            audio, rate = read_audio(path)
            if rate < MIN_RATE:
                continue
            wav = os.path.join(tmp, "%d.wav" % k)
            align.write_wav16(wav, audio)
            wavs[wav] = (path, rate)
        hyps = recognise(list(wavs), vocab, tmp)
        for wav, (path, rate) in wavs.items():
            hyp = hyps[wav]
            out[path] = (hyp if hyp in cands[path] else None, hyp, cands[path], rate)
    if log:
        log("ktuberling %s: %d of %d recordings say one of their own candidates"
            % (lang, sum(v[0] is not None for v in out.values()), len(out)))
    return out


def items(languages=None, log=None):
    """[(item id, "kt-LANG", text, path)] of every verified recording of the installed languages."""
    if not installed():
        raise FileNotFoundError("ktuberling-data is not installed (apt-get install ktuberling-data)")
    out = []
    for lang in (languages or LANGUAGES):
        if lang not in LANGUAGES:
            raise ValueError("no usable KTuberling words for %r (have %s)" % (lang, ", ".join(LANGUAGES)))
        for path, (text, _, _, _) in sorted(verify(lang, log).items()):
            if text is not None:
                out.append(("kt/%s/%s" % (lang, os.path.splitext(os.path.basename(path))[0]), TAG + lang, text,
                            path))
    return out


def check(languages=None, log=print):
    """Per language: recordings, verified; and, on the files named by their own word (where the right
    text is known), how often the recogniser finds that word among the language's whole list, and how
    often it accepts a wrong text (each such file given another such file's word as its only candidate;
    the other files keep theirs)."""
    report = {}
    for lang in (languages or LANGUAGES):
        v = verify(lang)
        known = sorted(p for p in v if lang in NAMED_BY_WORD or os.path.basename(p).startswith("patata_"))
        rep = {"recordings": len(v), "verified": sum(x[0] is not None for x in v.values()),
               "named_by_word": len(known), "named_by_word_recognised": sum(v[p][1] == v[p][2][0] for p in known)}
        if len(known) > 1:
            cands = candidates(lang)
            for k, p in enumerate(known):
                cands[p] = [_word_from_file(known[(k + 1) % len(known)])]
            w = verify(lang, cands=cands)
            rep["wrong_text_accepted"] = sum(w[p][0] is not None for p in known)
        report[lang] = rep
        log("%s %s" % (lang, json.dumps(rep)))
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["check"])
    ap.add_argument("--languages", default=None, help="comma-separated, default: " + ",".join(LANGUAGES))
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    if not installed():
        print("ktuberling-data is not installed (apt-get install ktuberling-data)", file=sys.stderr)
        return 2
    rep = check(a.languages.split(",") if a.languages else None)
    if a.json:
        write_json(a.json, rep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
