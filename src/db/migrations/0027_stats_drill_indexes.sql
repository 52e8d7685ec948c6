-- 0027 the drill-down of the statistics lists the dossiers behind every count of the
-- dashboard (issue 14 item 15): those returned in a period and those rated in it are found
-- through their own moment, as the received and resolved ones are (0004, 0007), so a list
-- costs what its period holds, not every dossier of the unit.
CREATE INDEX dossiers_returned ON dossiers(receiving_unit_id, returned_at);
CREATE INDEX dossier_ratings_created ON dossier_ratings(created_at);
