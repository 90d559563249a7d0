-- An official's mobile phone and whether reminders also reach it (Zalo,
-- else SMS): for khu phố heads who read Zalo sooner than e-mail.
alter table users add column phone text not null default '';
alter table users add column remind_by_text integer not null default 0;
