-- The ward's contact details (address, phone, e-mail, office hours) become
-- editable by its administrator; public pages show them, so they carry a
-- version of their own for the page cache.
alter table wards add column updated_at text not null default '';
