"""The documents of the intake corpus, written for the project: letters, open letters,
statements, press releases, cables and news posts from the families' associations, the
organisation's supporters, governments and the press. People named here are invented; the
places and bodies are the ones such documents name.

Each entry gives the structure it is laid out in, the words of the document, and its truth:
`kind`, `date` (EDTF), `authors` and `recipients` (in order, as records would be named),
`place`. The main text is the document's own blocks (see `templates._letter_parts`).
"""

FAMILIES = "Association of Camp Residents' Families"
SUPPORT = "Committee in Support of the Camp Residents"

DOCUMENTS = [
    # --- letters --------------------------------------------------------------------
    dict(
        id="ngo-letter-unhcr", structure="wordpress_ngo", site=FAMILIES, host="families.example.org",
        title="Letter to the UNHCR about the families at the gate", category="UNHCR",
        published="2013-05-02", published_shown="May 2, 2013",
        addressees=["Mr. Anders Holm", "UN High Commissioner for Refugees – Geneva"],
        salutation="Dear Mr. Holm,",
        paragraphs=[
            "We write for the mothers and fathers who have gone to the gate of Camp Liberty every week since the winter and have not once been allowed to see their children.",
            "Your office runs the interviews inside the camp. We ask that each resident be interviewed alone, without a minder from the camp's leadership, and told that a relative is waiting outside.",
            "Several of the parents are now over seventy. They cannot keep making the journey from Iran and back, and they ask only for one hour with their sons and daughters.",
        ],
        closing="Yours sincerely,",
        signature=["Parisa Kamali", FAMILIES, "Baghdad, 29 Apr 2013"],
        truth=dict(kind="letter", date="2013-04-29", authors=["Parisa Kamali", FAMILIES],
                   recipients=["Anders Holm"], place="Baghdad"),
    ),
    dict(
        id="ngo-letter-icrc", structure="drupal", site="Refugee Rights Watch", host="rrw.example.org",
        title="Letter to the President of the ICRC on access to the camp", category="Letters",
        published="2012-03-30", published_shown="Fri, 30/03/2012 - 11:02",
        place_date_top="Geneva, March 28, 2012",
        addressees=["Dr. Jonas Keller", "President, International Committee of the Red Cross", "Geneva"],
        salutation="Dear Dr. Keller,",
        paragraphs=[
            "Our organisation has followed the situation of the residents of Camp Ashraf since the first raid on the camp. We are writing because the wounded from the latest clash have again been kept from the hospital in the nearest town.",
            "We ask the Committee to send a delegation to the camp, to visit the wounded, and to report on the conditions in which they are held.",
        ],
        closing="Respectfully yours,",
        signature=["Martha Lindgren", "Director, Refugee Rights Watch"],
        truth=dict(kind="letter", date="2012-03-28", authors=["Martha Lindgren", "Refugee Rights Watch"],
                   recipients=["Jonas Keller"], place="Geneva"),
    ),
    dict(
        id="former-member-letter", structure="blogger", site="Voices from the Camp", host="voices.example.blogspot.com",
        title="A letter from Paris to the Minister", category="Letters",
        published="2014-10-20", published_weekday="Monday, October 20, 2014", poster="Reza",
        addressees=["Mrs. Helena Brandt", "Minister for Foreign Affairs"],
        salutation="Dear Madam Minister,",
        paragraphs=[
            "I spent eleven years in the camp and left it in 2009. I write to you because my younger brother is still there and has not been allowed to telephone our mother since he arrived.",
            "When I asked to leave I was kept apart from the others for four months. I know that many who stay would leave if they were free to choose.",
            "I ask your ministry, when it receives the residents who are resettled, to give each of them the chance to speak privately with an official and with their families.",
        ],
        closing="With respect,",
        signature=["Reza Moradi", "Paris, October 16 2014"],
        truth=dict(kind="letter", date="2014-10-16", authors=["Reza Moradi"], recipients=["Helena Brandt"], place="Paris"),
    ),
    dict(
        id="letter-three-ministers", structure="joomla", site="Iran Interlink Bulletin", host="bulletin.example.net",
        title="Letter to Iraq's President, Prime Minister and Foreign Minister", category="Letters",
        published="2011-01-12", published_joomla="12 January 2011",
        addressees=["His Excellency Mr. Karim Saleh", "President of the Republic of Iraq",
                    "His Excellency Mr. Adnan Faraj", "Prime Minister of Iraq",
                    "His Excellency Mr. Tariq Nasser", "Minister for Foreign Affairs of Iraq"],
        salutation="Your Excellencies,",
        paragraphs=[
            "On Friday 7 January a group of families who had come to the camp to ask after their relatives were attacked by stones thrown from inside the fence. Eleven people were hurt.",
            "We thank the Iraqi police for taking the wounded to hospital, and we ask your government to make the camp's leadership answer for what happened.",
        ],
        closing="Yours faithfully,",
        signature=["Daniel Whitcombe", "Iran Interlink Bulletin", "United Kingdom"],
        truth=dict(kind="letter", date="../2011-01-12", authors=["Daniel Whitcombe", "Iran Interlink Bulletin"],
                   recipients=["Karim Saleh", "Adnan Faraj", "Tariq Nasser"], place="United Kingdom"),
    ),
    dict(
        id="letter-mep", structure="amp_page", site="Nejat Voices", host="voices.example.com",
        title="Former member writes to a Member of the European Parliament", category="Letters",
        published="2015-02-10", published_ago="2 years ago",
        addressees=["Mr. Pieter de Vries MEP", "European Parliament", "Brussels"],
        salutation="Dear Mr. de Vries,",
        paragraphs=[
            "I read that you spoke at a conference in support of the organisation last month. I was a member for fourteen years and I would like you to hear what I saw.",
            "Members were not allowed to marry, to read newspapers or to call their families. Those who asked questions were made to confess their faults in front of the others.",
            "I would be glad to meet you in Brussels and to bring other former members who can tell you the same.",
        ],
        closing="Kind regards,",
        signature=["Mina Azadi", "Cologne, 4 February 2015"],
        truth=dict(kind="letter", date="2015-02-04", authors=["Mina Azadi"], recipients=["Pieter de Vries"], place="Cologne"),
    ),
    dict(
        id="letter-un-sg-support", structure="wordpress_political", site="Camp Liberty Support Network", host="supportnet.example.org",
        title="Residents' families write to the UN Secretary-General", category="Letters",
        published="2015-11-23", published_shown="November 23, 2015",
        lead="Hundreds of families of camp residents ask for protection after the rocket attack",
        addressees=["H.E. Mr. Lars Eriksen", "Secretary-General of the United Nations", "New York, NY 10017"],
        salutation="Dear Secretary-General,",
        paragraphs=[
            "As families of the residents living in Europe and North America, we are gravely concerned for our children after the rocket attack on the camp last month.",
            "We ask the United Nations to place a permanent monitoring team in the camp and to press the government to allow the wounded to be treated without delay.",
            "We also ask that our visas be granted so that we may visit our children, as the families who work with the government have been allowed to do.",
        ],
        closing="Sincerely,",
        signature=["Families of the residents of Camp Liberty", "November 20, 2015"],
        truth=dict(kind="letter", date="2015-11-20", authors=["Families of the residents of Camp Liberty"],
                   recipients=["Lars Eriksen"], place=""),
    ),
    dict(
        id="letter-office-only", structure="wordpress_ngo", site="Family Support Society", host="familysupport.example.org",
        title="Letter to the UNHCR office in Baghdad", category="UNHCR",
        published="2015-06-15", published_shown="June 15, 2015",
        intro="The following letter was sent to the UNHCR on behalf of the families of the residents:",
        addressees=["The UNHCR – Baghdad"],
        salutation="Dear Sir or Madam,",
        paragraphs=[
            "In the past two weeks we have received many calls from families who wish to learn how their relatives in the camp are doing.",
            "We ask why families are still not allowed to visit or telephone their loved ones, and why the residents are dealt with only through their leaders rather than one by one.",
            "We look forward to your reply on behalf of the families.",
        ],
        closing="Yours Sincerely,",
        signature=["Sahand Family Foundation"],
        truth=dict(kind="letter", date="../2015-06-15", authors=["Sahand Family Foundation"],
                   recipients=["UNHCR"], place=""),
    ),
    dict(
        id="letter-static-1252", structure="static_tables", site="Families of Ashraf", host="ashraf-families.example.org",
        title="Letter to the Ambassador", category="Letters", declared="utf-8", encoding="windows-1252",
        published="2009-06-12", place_date_top="London, 9 June 2009",
        addressees=["Ms. Caroline Hart", "Ambassador of the United Kingdom to Iraq", "Baghdad"],
        salutation="Dear Ambassador,",
        paragraphs=[
            "We are British citizens whose sons and daughters have lived in the camp for more than a decade. We have not heard their voices for years.",
            "We ask the embassy to raise with the Iraqi authorities our request for a meeting with our children, away from the camp’s officials, at a place of the UN’s choosing.",
        ],
        closing="Yours sincerely,",
        signature=["Thomas Avery", "on behalf of the families"],
        truth=dict(kind="letter", date="2009-06-09", authors=["Thomas Avery"], recipients=["Caroline Hart"], place="London"),
    ),
    # --- open letters ----------------------------------------------------------------
    dict(
        id="open-letter-ministers", structure="un_digest", site="Humanitarian Digest", host="digest.example.int",
        title="Open letter to the Foreign Ministers of the European Union on the camp residents", category="Open letters",
        country="Iraq", format="Open Letter", source="European Friends of a Free Iran",
        posted="2012-07-03", posted_shown="3 Jul 2012", published="2012-07-02", published_shown="2 Jul 2012",
        addressees=["The Foreign Ministers of the Member States of the European Union"],
        salutation="Dear Ministers,",
        paragraphs=[
            "We, members of parliaments across Europe, write to you about the more than three thousand residents who were moved from Camp Ashraf to Camp Liberty this year.",
            "The new camp has too little water and electricity, and the residents are not free to leave. We urge you to offer places for resettlement in your countries without further delay.",
            "We also urge you to insist that the government of Iraq keeps the commitments it gave the United Nations on their safety.",
        ],
        closing="Yours sincerely,",
        signature=["Alan Prescott, Member of the House of Lords", "Giulia Ferri, Member of the Italian Senate", "European Friends of a Free Iran"],
        truth=dict(kind="open_letter", date="../2012-07-02", authors=["Alan Prescott", "Giulia Ferri", "European Friends of a Free Iran"],
                   recipients=["Foreign Ministers of the Member States of the European Union"], place=""),
    ),
    dict(
        id="open-letter-families", structure="wordpress_ngo", site="Habilian Families Foundation", host="hff.example.org",
        title="An open letter to the leader of the organisation from the mothers", category="Open letters",
        published="2016-03-08", published_shown="March 8, 2016",
        salutation="Mr. Leader,",
        paragraphs=[
            "We are the mothers of men and women who joined you when they were young. Many of us have waited twenty years to hold them again.",
            "You say they are free to go. If that is true, let them call us, let them meet us in a place where nobody from your organisation is listening.",
            "We will go on asking until every one of our children has been able to answer us himself.",
        ],
        closing="The mothers of the residents",
        signature=["Tehran, 6 March 2016"],
        truth=dict(kind="open_letter", date="2016-03-06", authors=["The mothers of the residents"], recipients=[], place="Tehran"),
    ),
    dict(
        id="open-letter-congress", structure="substack", site="Iran Policy Notes", host="notes.example.com",
        title="Open Letter to the Members of Congress on the resettlement of the residents", category="",
        published="2013-09-10", published_shown="Sep 10, 2013", byline="Samuel Okoro",
        addressees=["To the Members of the United States Congress"],
        salutation="Dear Members of Congress,",
        paragraphs=[
            "The attack on the camp at the start of this month left dozens dead. The survivors have been moved, but they remain in danger while they wait in Iraq.",
            "We, former officials of several administrations, ask you to support a program to admit a share of the residents to the United States.",
        ],
        closing="Respectfully,",
        signature=["Samuel Okoro", "Former Ambassador", "Ellen Marsh", "Former Assistant Secretary of State"],
        truth=dict(kind="open_letter", date="../2013-09-10", authors=["Samuel Okoro", "Ellen Marsh"],
                   recipients=["Members of the United States Congress"], place=""),
    ),
    dict(
        id="open-letter-persian", structure="rtl_wordpress", site="انجمن خانواده‌ها", host="khanevade.example.org",
        title="نامه سرگشاده خانواده‌ها به کمیساریای عالی پناهندگان", category="نامه‌ها", language="fa",
        declared="windows-1256", encoding="windows-1256",
        menu=["خانه", "اخبار", "نامه‌ها", "همرسانی", "آخرین مطالب", "دیدار خانواده‌ها در بغداد"],
        published="2014-05-12", published_shown="۲۲ اردیبهشت ۱۳۹۳",
        salutation="آقای کمیسر عالی،",
        paragraphs=[
            "ما خانواده‌های ساکنان کمپ هستیم که سال‌هاست از فرزندان خود خبری نداریم. از شما می‌خواهیم که دیدار ما با آنان را ممکن کنید.",
            "بسیاری از ما پیر و بیمار هستیم و نمی‌توانیم بارها به عراق سفر کنیم. خواهش می‌کنیم این درخواست را بی‌پاسخ نگذارید.",
        ],
        closing="",
        signature=["انجمن خانواده‌ها"],
        truth=dict(kind="open_letter", date="", authors=["انجمن خانواده‌ها"], recipients=[], place="", language="fa"),
    ),
    # --- statements --------------------------------------------------------------------
    dict(
        id="statement-support-committee", structure="wordpress_political", site="National Resistance Council", host="council.example.org",
        title="Statement of the Committee in Support of the Camp Residents on the water cuts", category="Statements",
        published="2012-08-14", published_shown="August 14, 2012",
        paragraphs=[
            "For the third week the water supply to Camp Liberty has been cut for most of the day. The residents, many of them sick or elderly, are living in temperatures above fifty degrees.",
            "The Committee holds the government of Iraq responsible and calls on the UN mission to send monitors to the camp at once.",
            "The Committee also asks the United States to remind Baghdad of the written assurances it gave on the treatment of the residents.",
            "Committee in Support of the Camp Residents",
            "August 13, 2012",
        ],
        truth=dict(kind="statement", date="2012-08-13", authors=[SUPPORT], recipients=[], place=""),
    ),
    dict(
        id="statement-families-assoc", structure="joomla", site="Families Association News", host="fan.example.org",
        title="Statement by the Association of Camp Residents' Families on the transfer", category="Statements",
        published="2012-02-20", published_joomla="20 February 2012",
        paragraphs=[
            "The Association welcomes the first transfer of residents from Camp Ashraf to the new site, and hopes that the move will let families finally reach their relatives.",
            "We call on the UN to make sure that in the new camp every resident can meet the refugee agency alone and decide freely about his future.",
            "Association of Camp Residents' Families",
            "Baghdad, 18 February 2012",
        ],
        truth=dict(kind="statement", date="2012-02-18", authors=[FAMILIES], recipients=[], place="Baghdad"),
    ),
    dict(
        id="statement-parliamentarians", structure="drupal", site="Parliamentary Friends", host="parlfriends.example.org",
        title="Joint statement of parliamentarians on the safety of the residents", category="Statements",
        published="2013-02-12", published_shown="Tue, 12/02/2013 - 15:40",
        paragraphs=[
            "We, members of parliament from twelve countries, condemn the rocket attack of 9 February on Camp Liberty, in which several residents were killed and many wounded.",
            "We call on the Secretary-General to order an independent inquiry and to return the residents to Camp Ashraf, where they had shelters, until they can be resettled.",
            "Brussels, 11 February 2013",
        ],
        truth=dict(kind="statement", date="2013-02-11", authors=[], recipients=[], place="Brussels"),
    ),
    dict(
        id="statement-press-spokesperson", structure="government_press", site="U.S. Department of State", host="state.example.gov",
        title="Relocation of Residents from Camp Ashraf", category="",
        label="Press Statement", published="2013-09-11", published_shown="September 11, 2013",
        speaker=["Marie Halvorsen", "Deputy Spokesperson, Office of the Spokesperson"],
        dateline="Washington, DC\nSeptember 11, 2013",
        paragraphs=[
            "The United States welcomes the safe arrival of the remaining residents of Camp Ashraf at Camp Hurriya today. We appreciate the cooperation of the residents and of the UN mission in this move.",
            "We reiterate our condemnation of the attack of September 1 and insist that those responsible be brought to justice.",
            "We call on the government of Iraq to strengthen the security of Camp Hurriya without delay, as it committed to in the Memorandum of Understanding with the United Nations.",
        ],
        reference="PRN: 2013/1121",
        truth=dict(kind="statement", date="2013-09-11", authors=["Marie Halvorsen"], recipients=[], place="Washington"),
    ),
    dict(
        id="statement-arabic-ministry", structure="rtl_wordpress", site="وزارة حقوق الإنسان", host="mohr.example.iq",
        title="بيان وزارة حقوق الإنسان بشأن مخيم الحرية", category="بيانات", language="ar",
        declared="windows-1256", encoding="utf-8",
        menu=["الرئيسية", "الأخبار", "البيانات", "شارك", "آخر الأخبار", "زيارة وفد المفوضية"],
        published="2012-04-03", published_shown="٣ نيسان ٢٠١٢",
        paragraphs=[
            "تؤكد الوزارة أن الحكومة العراقية ملتزمة بتوفير الأمن لسكان المخيم إلى حين نقلهم إلى دول أخرى.",
            "وتدعو الوزارة المفوضية العليا لشؤون اللاجئين إلى الإسراع في إجراء المقابلات مع السكان.",
        ],
        truth=dict(kind="statement", date="", authors=["وزارة حقوق الإنسان"], recipients=[], place="", language="ar"),
    ),
    # --- press releases ---------------------------------------------------------------
    dict(
        id="press-release-wire", structure="newswire", site="PR Wire", host="prwire.example.com",
        title="US Committee Regrets Officials' Account of Conditions at Camp Liberty", category="",
        issuer="US Committee for Camp Residents", published="2012-07-07", published_shown="Jul 07, 2012",
        lead="Families say the relocation was halted by broken commitments, not by the residents",
        paragraphs=[
            "WASHINGTON, July 7, 2012 /PRNewswire-USNewswire/ -- On behalf of thousands of Iranian-Americans with relatives in the camps, the US Committee for Camp Residents regrets the account given by two officials at a briefing yesterday.",
            "The Committee says the halt in the relocation followed the government's failure to deliver water, power and the residents' own vehicles to the new camp.",
            "Some two thousand residents have already moved. The Committee asks the administration to press Baghdad to keep its word before any more are moved.",
        ],
        source_line=True,
        truth=dict(kind="press_release", date="2012-07-07", authors=["US Committee for Camp Residents"], recipients=[], place="Washington"),
    ),
    dict(
        id="press-release-ngo", structure="wordpress_ngo", site="Global Rights Alliance", host="gra.example.org",
        title="Press Release: Families call for visit to the camp", category="Press",
        published="2014-12-01", published_shown="December 1, 2014",
        paragraphs=[
            "FOR IMMEDIATE RELEASE",
            "Geneva, 28 November 2014 – Relatives of the residents of Camp Liberty gathered outside the UN office in Geneva today to ask for a supervised visit to the camp before the winter.",
            "The families handed a letter to the office and said that they had been refused entry to the camp on eleven occasions this year.",
            "For further information, contact the press office of the Global Rights Alliance.",
        ],
        truth=dict(kind="press_release", date="2014-11-28", authors=["Global Rights Alliance"], recipients=[], place="Geneva"),
    ),
    dict(
        id="press-release-drupal", structure="drupal", site="Refugee Law Centre", host="rlc.example.org",
        title="News release: Lawyers file complaint on behalf of camp residents", category="Press",
        published="2011-04-12", published_shown="Tue, 12/04/2011 - 09:00",
        paragraphs=[
            "London, 11 April 2011 – Lawyers acting for forty residents of Camp Ashraf today filed a complaint with the UN human rights bodies about the raid of 8 April.",
            "The complaint asks for an independent investigation of the deaths and for the wounded to be treated in hospitals outside the camp.",
            "Refugee Law Centre",
        ],
        truth=dict(kind="press_release", date="2011-04-11", authors=["Refugee Law Centre"], recipients=[], place="London"),
    ),
    dict(
        id="press-release-amp", structure="amp_page", site="Iranian Communities Council", host="icc.example.org",
        title="Press release: Rally in Paris on 30 June", category="Press",
        published="2018-06-25", published_ago="5 years ago",
        paragraphs=[
            "Paris, 25 June 2018 — Organisers expect tens of thousands of Iranians from across Europe to attend a rally in Paris on Saturday, 30 June, in support of the camp residents now living in Albania.",
            "Speakers from the United States, Europe and the Middle East are expected. The rally will begin at noon.",
            "Iranian Communities Council",
        ],
        truth=dict(kind="press_release", date="2018-06-25", authors=["Iranian Communities Council"], recipients=[], place="Paris"),
    ),
    # --- cables --------------------------------------------------------------------------
    dict(
        id="cable-viewer-sep09", structure="cable_viewer", site="WikiLeaks", host="cables.example.org",
        title="IRAQ: CAMP RESIDENTS REFUSE POLICE STATION INSIDE THE CAMP", ref="09BAGHDAD2561", created="2009-09-24 13:51",
        released_day="12", classification="CONFIDENTIAL", origin="Embassy Baghdad",
        cable_text="""C O N F I D E N T I A L SECTION 01 OF 02 BAGHDAD 002561

SIPDIS

E.O. 12958: DECL: 09/24/2019
TAGS: PREL, PHUM, PREF, IZ, IR
SUBJECT: IRAQ: CAMP RESIDENTS REFUSE POLICE STATION
INSIDE THE CAMP

REF: A. BAGHDAD 2201
B. BAGHDAD 2307

Classified By: Political Counselor for reasons 1.4 (b) and (d).

1. (C) SUMMARY: The camp's leaders told Embassy officers on September 20 that they would not accept an Iraqi police station inside the camp, and that they would resist any move to build one. Iraqi officials say the station will be built. END SUMMARY.

2. (C) PolOff met the camp's representatives and the Iraqi commander of the camp's security in separate meetings. The representatives said that a police station would be used to arrest residents.

3. (C) The Iraqi commander said that the government intends to go ahead and asked the Embassy to urge the residents to accept.

4. (C) COMMENT: Neither side appears ready to give way, and a confrontation over the station is possible in the coming weeks. END COMMENT.

HILL""",
        header="R 241351Z SEP 09\nFM AMEMBASSY BAGHDAD\nTO SECSTATE WASHDC 4512\nINFO IRAN COLLECTIVE",
        truth=dict(kind="cable", date="2009-09-24", authors=["AMEMBASSY BAGHDAD"],
                   recipients=["SECSTATE WASHDC", "IRAN COLLECTIVE"], place=""),
    ),
    dict(
        id="cable-viewer-jan10", structure="cable_viewer", site="WikiLeaks", host="cables.example.org",
        title="IRAQ: GOVERNMENT PLANS TO RELOCATE CAMP RESIDENTS", ref="10BAGHDAD70", created="2010-01-11 15:02",
        released_day="20", classification="SECRET", origin="Embassy Baghdad",
        cable_text="""S E C R E T BAGHDAD 000070

NOFORN
SIPDIS

E.O. 12958: DECL: 01/11/2020
TAGS: PREL, PREF, PGOV, IZ
SUBJECT: IRAQ: GOVERNMENT PLANS TO RELOCATE CAMP RESIDENTS

REF: BAGHDAD 3302

Classified By: Ambassador for reasons 1.4 (b) and (d).

1. (S/NF) SUMMARY: The national security adviser told the Ambassador on January 9 that the government would move the camp's residents to a site in the south within months. He asked for the United States' help in explaining the move to the residents. END SUMMARY.

2. (S/NF) The Ambassador urged that any move be voluntary and carried out with the UN present. The adviser said the government had no wish for a clash but would not wait indefinitely.

3. (C) The Embassy will report further as the plans take shape.

HILL""",
        header="O 111502Z JAN 10\nFM AMEMBASSY BAGHDAD\nTO SECSTATE WASHDC IMMEDIATE 6101\nINFO RUEHAM/AMEMBASSY AMMAN PRIORITY 0301",
        truth=dict(kind="cable", date="2010-01-11", authors=["AMEMBASSY BAGHDAD"],
                   recipients=["SECSTATE WASHDC", "AMEMBASSY AMMAN"], place=""),
    ),
    dict(
        id="cable-search-state", structure="cable_search", site="WikiLeaks", host="search.example.org",
        title="DEMARCHE ON CAMP RESIDENTS' PROTECTION", ref="09STATE34650", created="2009-04-08 22:10",
        classification="UNCLASSIFIED", origin="Secretary of State",
        cable_text="""UNCLAS STATE 034650

SIPDIS

E.O. 12958: N/A
TAGS: PREL, PHUM, IZ
SUBJECT: DEMARCHE ON CAMP RESIDENTS' PROTECTION

1. (U) This is an action request. Embassy is requested to deliver the points in paragraph 3 to the Iraqi government at the highest appropriate level.

2. (U) Background: The United States has received written assurances from the government of Iraq on the humane treatment of the camp's residents. Recent reports suggest that supplies to the camp have been held up at checkpoints.

3. (U) Begin points: The United States expects the government of Iraq to honour its written assurances. We ask that supplies be allowed into the camp without delay. End points.

CLINTON""",
        header="R 082210Z APR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY BAGHDAD 0000",
        truth=dict(kind="cable", date="2009-04-08", authors=["SECSTATE WASHDC"],
                   recipients=["AMEMBASSY BAGHDAD"], place=""),
    ),
    dict(
        id="cable-search-ankara", structure="cable_search", site="WikiLeaks", host="search.example.org",
        title="TURKEY: VIEWS ON THE CAMP IN IRAQ", ref="08ANKARA1234", created="2008-07-02 06:45",
        classification="CONFIDENTIAL", origin="Embassy Ankara",
        cable_text="""C O N F I D E N T I A L ANKARA 001234

SIPDIS

E.O. 12958: DECL: 07/01/2018
TAGS: PREL, PTER, TU, IZ, IR
SUBJECT: TURKEY: VIEWS ON THE CAMP IN IRAQ

Classified By: DCM for reasons 1.4 (b),(d)

1. (C) Foreign Ministry officials told PolCouns on June 30 that Turkey follows the future of the camp closely because of its concern about armed groups near its borders.

2. (C) They said Turkey would not accept any of the residents but supported a solution under the UN's supervision.

WILSON""",
        header="P 020645Z JUL 08\nFM AMEMBASSY ANKARA\nTO SECSTATE WASHDC PRIORITY 6810\nINFO AMEMBASSY BAGHDAD PRIORITY\nAMEMBASSY LONDON",
        truth=dict(kind="cable", date="2008-07-02", authors=["AMEMBASSY ANKARA"],
                   recipients=["SECSTATE WASHDC", "AMEMBASSY BAGHDAD", "AMEMBASSY LONDON"], place=""),
    ),
    # --- news posts ----------------------------------------------------------------------
    dict(
        id="news-cms-raid", structure="news_cms", site="The Daily Chronicle", host="chronicle.example.com",
        title="Clashes at camp in Iraq leave dozens wounded", category="",
        published="2011-04-09", published_shown="9 April 2011", byline="Hannah Greaves",
        paragraphs=[
            "Iraqi troops entered the camp north of Baghdad on Friday, and residents and officials gave different accounts of what followed.",
            "A spokesman for the residents said troops fired on unarmed people. An Iraqi army officer said soldiers were attacked with stones and knives when they tried to take over farmland near the camp.",
            "A UN official in Baghdad said the organisation was seeking access to the camp to check on the wounded.",
            "The camp has been home to several thousand members of the Iranian opposition group since the 1980s.",
        ],
        truth=dict(kind="article", date="2011-04-09", authors=["Hannah Greaves"], recipients=[], place=""),
    ),
    dict(
        id="news-cms-resettlement", structure="news_cms", site="Globe Wire", host="globewire.example.com",
        title="Albania agrees to take in hundreds of camp residents", category="",
        published="2013-12-26", published_shown="26 December 2013", byline="Luca Bianchi",
        paragraphs=[
            "Albania has agreed to take in more of the residents of the camp near Baghdad airport, a government spokesman in Tirana said on Thursday.",
            "The United Nations refugee agency said it had found places for fewer than a tenth of the residents so far and urged other countries to follow.",
            "Relatives of residents living in Europe welcomed the decision but said that many of their children were unable to decide freely while in the camp.",
        ],
        truth=dict(kind="article", date="2013-12-26", authors=["Luca Bianchi"], recipients=[], place=""),
    ),
    dict(
        id="news-blog-families", structure="blogger", site="Nejat Weekly", host="nejatweekly.example.blogspot.com",
        title="Families wait at the gate for the sixth week", category="",
        published="2013-04-29", published_weekday="Monday, April 29, 2013", poster="Nejat Weekly",
        paragraphs=[
            "Dozens of families again gathered at the gate of the camp this week, holding photographs of their sons and daughters.",
            "Camp guards allowed none of them in. The families said they would return next week and the week after, for as long as it takes.",
        ],
        truth=dict(kind="article", date="2013-04-29", authors=[], recipients=[], place=""),
    ),
    dict(
        id="news-amp-conference", structure="amp_page", site="Iran Focus Today", host="ift.example.com",
        title="Conference in Paris hears calls to protect the residents", category="News",
        published="2014-06-28", published_ago="3 years ago",
        paragraphs=[
            "A large gathering in Paris on Saturday heard speakers from several countries call for the protection of the residents of the camp in Iraq.",
            "The organisers said more than eighty thousand people attended. French police gave no figure.",
            "Speakers included former ministers and members of parliament from Europe and North America.",
        ],
        truth=dict(kind="article", date="2014-06-28", authors=[], recipients=[], place=""),
    ),
    dict(
        id="news-substack-analysis", structure="substack", site="The Exile Letter", host="exile.example.com",
        title="What the camp's closure means for those still inside", category="",
        published="2016-09-09", published_shown="Sep 9, 2016", byline="Farid Nouri",
        lead="The last residents have left Iraq. The questions remain.",
        paragraphs=[
            "The last group of residents left the camp near Baghdad this week for Albania, ending almost three decades of the organisation's presence in Iraq.",
            "Former members say that the move will not by itself give residents the freedom to choose their own lives. The organisation says that its members chose to stay together.",
            "Human rights groups have asked the Albanian government to make sure that every resident can reach the authorities and their families on their own.",
        ],
        truth=dict(kind="article", date="2016-09-09", authors=["Farid Nouri"], recipients=[], place=""),
    ),
    dict(
        id="news-political-rally", structure="wordpress_political", site="National Resistance Council", host="council.example.org",
        title="Rally in Berlin calls for support for the camp residents", category="News",
        published="2017-07-08", published_shown="July 8, 2017",
        lead="Thousands marched through the city centre",
        paragraphs=[
            "Thousands of Iranians marched in Berlin on Saturday in support of the residents who have been resettled from Iraq to Albania.",
            "Speakers called on the German government to take a firmer line with Tehran on human rights.",
            "The march ended at the Brandenburg Gate with speeches and music.",
        ],
        truth=dict(kind="article", date="2017-07-08", authors=[], recipients=[], place=""),
    ),
]
