-- A khu phố lists its streets and alleys, so that a resident who knows the
-- street but not the khu phố's number can still name the place.
alter table units add column streets text not null default '';
