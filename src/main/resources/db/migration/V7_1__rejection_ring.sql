-- The rejection records' row cap (hookgate.rejections.max-rows) must hold for the cluster, whatever the number of
-- replicas: each record is written to slot nextval('rejection_slots') % max-rows, replacing the record there
-- (INSERT ... ON CONFLICT (slot) DO UPDATE), so the table is a ring that cannot grow past max-rows rows. The records
-- already stored take slots 0, 1, ... newest first; the recorder deletes any slot at or past max-rows (these, or
-- after max-rows was lowered).
CREATE SEQUENCE rejection_slots AS bigint;

ALTER TABLE rejections ADD COLUMN slot bigint;

UPDATE rejections r SET slot = n.slot
FROM (SELECT id, row_number() OVER (ORDER BY received_at DESC, id DESC) - 1 AS slot FROM rejections) n
WHERE r.id = n.id;

SELECT setval('rejection_slots', (SELECT count(*) FROM rejections) + 1, false);

ALTER TABLE rejections ALTER COLUMN slot SET NOT NULL;
ALTER TABLE rejections ADD CONSTRAINT rejections_slot_key UNIQUE (slot);
