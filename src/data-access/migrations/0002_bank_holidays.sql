-- Bank holidays imported from GOV.UK files (`oversight calendar import FILE`). The shipped
-- ones live in src/domain/calendar/bank-holidays.json; for any year present here, these rows
-- replace the shipped year for that region. National reference data, shared by all tenants.

CREATE TABLE bank_holiday (
  region text NOT NULL
    CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  holiday_date date NOT NULL,
  title text NOT NULL,
  source text NOT NULL,
  PRIMARY KEY (region, holiday_date)
);
