-- The matured cohorts of lead_score_history with what became of each lead (macro
-- cohort_outcomes): one row per cohort date, criteria version and lead that had not converted by
-- then, with whether, when and for how much it converted within var conversion_window_days.
-- noqa: disable=LT02
{{ cohort_outcomes(ref('lead_score_history'), ref('int_conversions_known')) }}
