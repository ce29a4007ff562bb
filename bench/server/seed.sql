-- Multiplies each person's four recorded attempts (one per rung, made through the API by `seed`)
-- into 1,000: 249 more per rung, one every 17 hours back in time, with forecasts from 0 to 100 %
-- and about 60 % successes, 15 % partials and 25 % failures. The rung counts follow by trigger.
INSERT INTO attempts (user_id, id, challenge_id, goal_id, domain_id, confidence, planned_at, planned_on,
                      outcome, effort, did, recorded_at, engine_forecast)
SELECT a.user_id, gen_random_uuid(), a.challenge_id, a.goal_id, a.domain_id,
       10 * ((g * 7 + a.rung) % 11),
       a.planned_at - make_interval(hours => 17 * (4 * g + a.rung)),
       (a.planned_at - make_interval(hours => 17 * (4 * g + a.rung)))::date,
       CASE WHEN (g * 13 + a.rung) % 20 < 12 THEN 'success'
            WHEN (g * 13 + a.rung) % 20 < 15 THEN 'partial'
            ELSE 'failure' END,
       3, 'Rehearsed twice out loud',
       a.planned_at - make_interval(hours => 17 * (4 * g + a.rung)) + interval '1 hour',
       a.engine_forecast
FROM (SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY planned_at, id)::integer AS rung FROM attempts) a
CROSS JOIN generate_series(1, 249) AS g;
-- What autovacuum does soon after a bulk insert: statistics for the planner, and the visibility
-- map that lets index-only scans (both servers use them) skip the table.
VACUUM (ANALYZE);
