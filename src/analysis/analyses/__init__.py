"""The analyses: frames in, frames out (national, regional, industry, trends), with CPI adjustment, parameter
checks and readable tables. No analysis imports a chart module."""
