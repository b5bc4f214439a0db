"""Ids of the fixture catalogue (tests/fixtures/catalogue) as literals several tests assert."""

#: Every entry, newest first as browsing shows them.
NEWEST = [
    # Two entries on 2023-06-12: ties broken by id.
    "domestic-workers-lebanon-photos",
    "nepal-recruitment-fees-video",
    "maria-olave-interview",
    "script-injection-test",
    "thai-fishers-ship-to-shore",
    "global-estimates-infographic",
    "covid-migrant-workers-statement",
    "child-labour-agriculture-video",
    "refugees-jordan-work-permits",
    "guy-ryder-labour-migration",
    "women-migrants-kyrgyzstan",
    "viet-nam-seafood-workers",
    "domestic-work-convention-statement",
    "reframe-recruitment-framework",
]
