-- Whether a periodic report was first submitted by its due date (in
-- Vietnam) never changes once decided, so it is kept with the report: the
-- city view then counts a whole city's reports in one grouped read. The
-- application decides it (unitreport.onTime) when the report is first
-- submitted; this backfill writes the same rule for the reports already in:
-- before 17:00 UTC of the due day is by the end of that day in Vietnam.
alter table unit_reports add column first_on_time integer not null default 0;
update unit_reports set first_on_time = case when first_submitted_at < due_on || 'T17:00:00.000000Z' then 1 else 0 end;
create index unit_reports_timeliness on unit_reports(plan_id, period, first_on_time);
