-- The PUBLISHED mark updates every event once, shortly after its insert, and usually many rows of one page in one
-- statement. At fillfactor 80 a page of ~1 KB rows had room for only one new version, so ~77% of the marks were
-- non-HOT updates: a full new row plus a new entry in each of the six indexes. At 50 every row of a page can be
-- updated in place (HOT): measured 100% HOT and 35% less WAL per event (bench/README.md). Only new pages take it.
ALTER TABLE events SET (fillfactor = 50);
