//! What `[value]` writes to `results.json`: every model's value, the best candidate, scenarios,
//! sensitivity and threshold curves. Pricing fills these; reports, compare and reprice read them.

use serde::{Deserialize, Serialize};

use super::bootstrap::BootstrapSummary;
use super::config::{Scenario, ValueKind};

/// Everything `[value]` says about a run, as written to `results.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValueResults {
    /// How models are priced.
    pub kind: ValueKind,
    /// Currency of every amount.
    pub currency: String,
    /// The priced metric (metric-based values only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Decisions a year (central value: a range's midpoint, a distribution's mean).
    pub decisions_per_year: f64,
    /// Whether `decisions_per_year` was assumed (the data's rows) rather than given.
    pub decisions_per_year_assumed: bool,
    /// Years the model is used (central value).
    pub horizon_years: f64,
    /// Price of a core-hour (central value; 0 when not given).
    pub core_hour: f64,
    /// Cost of a trial besides compute (central value; 0 when not given).
    pub trial_cost: f64,
    /// Bootstrap resamples behind every interval.
    pub resamples: usize,
    /// Every model's value, baseline first.
    pub models: Vec<ModelValue>,
    /// The candidate validation would pick (highest validation net value), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<BestCandidate>,
    /// The best candidate's difference to the baseline under the low, mid and high scenarios.
    pub scenarios: Vec<ScenarioResult>,
    /// Which uncertain number moves the best candidate's difference most, largest swing first.
    pub sensitivity: Vec<Sensitivity>,
    /// Binary outcomes: validation value per year against the decision threshold for the
    /// baseline and the best candidate, so reports can redraw the chart without the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_curves: Option<Vec<ThresholdCurve>>,
    /// Binary outcomes: what acting on every case and on no case earn, the rules of thumb a
    /// model has to beat (the decision-curve analysis convention). Empty for other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceStrategy>,
    /// Under `capacity` or `capacity_share`: decisions acted on (multiclass: reviewed) per year
    /// at most (midpoint volumes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// Under capacity: test value per year against capacity from 0 to every decision of a year,
    /// for the baseline and the best candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_curves: Option<Vec<CapacityCurve>>,
    /// Under capacity: what one more decision acted on a year is worth to the best candidate (the
    /// baseline without candidates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_margin: Option<CapacityMargin>,
    /// Multiclass under capacity: the class a row nobody reviews gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_default: Option<String>,
    /// What knowing the uncertain quantities exactly would be worth before deciding to ship the
    /// best candidate or keep the baseline (absent without candidates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information: Option<Information>,
    /// The best candidate's resampled difference to the baseline, as a histogram (absent without
    /// candidates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gain_distribution: Option<GainDistribution>,
}

/// The value of information of the ship/keep decision (see [`super::information`]), in money
/// over the horizon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Information {
    /// Expected value of perfect information: of knowing the test rows' sampling error and every
    /// drawn business number exactly.
    pub evpi: f64,
    /// Draws it is estimated from (the bootstrap's resamples).
    pub draws: usize,
    /// Bins of the EVPPI estimator.
    pub bins: usize,
    /// Each business number given as a distribution, in the order of the file's keys.
    pub parameters: Vec<ParameterInformation>,
}

/// What knowing one business number exactly would be worth.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParameterInformation {
    /// The number, as the sensitivity table names it.
    pub parameter: String,
    /// Its distribution, e.g. `triangular(low 1, mode 2, high 3)`.
    pub distribution: String,
    /// Expected value of partial perfect information.
    pub evppi: f64,
}

/// A histogram of the best candidate's resampled difference to the baseline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GainDistribution {
    /// The best candidate.
    pub name: String,
    /// Bin edges, one more than `counts`.
    pub edges: Vec<f64>,
    /// Resamples in each bin.
    pub counts: Vec<u64>,
    /// The difference at the central values on the test rows, the 90% interval and P(gain), as
    /// `best.difference` gives them.
    pub difference: BootstrapSummary,
    /// Whether business numbers were drawn besides the test rows.
    pub drawn: bool,
}

/// The value of more capacity at the configured capacity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CapacityMargin {
    /// The model it is measured for.
    pub name: String,
    /// Extra decisions acted on a year it is measured with (a tenth of capacity, in whole test
    /// rows).
    pub extra_per_year: f64,
    /// Value a year of each of them, with its paired interval over test rows.
    pub value_per_decision: BootstrapSummary,
}

/// One model's test value per year against capacity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CapacityCurve {
    /// Model name.
    pub name: String,
    /// `[decisions acted on per year at most, value per year]` pairs, capacity from 0 up.
    pub points: Vec<[f64; 2]>,
    /// Each point's 90% interval over resamples of the test rows, `[low, high]`, in the order of
    /// `points`: at each capacity, as many decisions on a resample as on the rows. Absent in
    /// runs written before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<[f64; 2]>>,
}

/// A rule that needs no model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Act on every case (predict positive for every row).
    ActOnAll,
    /// Act on no case (predict negative for every row).
    ActOnNone,
}

impl Strategy {
    /// The strategy in words, as tables and legends show it.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::ActOnAll => "act on every case",
            Strategy::ActOnNone => "act on no case",
        }
    }
}

/// The reference strategy a model has to beat: the one with the higher validation value, acting
/// on no case on a tie (the rule that costs no effort).
pub fn better_reference(references: &[ReferenceStrategy]) -> Option<&ReferenceStrategy> {
    let all = references
        .iter()
        .find(|r| r.strategy == Strategy::ActOnAll)?;
    let none = references
        .iter()
        .find(|r| r.strategy == Strategy::ActOnNone)?;
    Some(if all.validation_per_year > none.validation_per_year {
        all
    } else {
        none
    })
}

/// What a reference strategy earns. It has no training or serving cost, so its net value is its
/// decision value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReferenceStrategy {
    /// Which rule.
    pub strategy: Strategy,
    /// Value per year on validation rows (which of the two is the better is chosen here).
    pub validation_per_year: f64,
    /// Value per year on test rows.
    pub test_per_year: f64,
    /// `test_per_year`'s 90% interval over resamples of the test rows (`mean` is
    /// `test_per_year`), from the same resamples as `value`'s. Absent in runs written before
    /// 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_year_interval: Option<BootstrapSummary>,
    /// Value over the horizon on test rows, with its bootstrap interval.
    pub value: BootstrapSummary,
    /// Its value minus the baseline's net value, paired on test rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<BootstrapSummary>,
}

/// Thresholds a [`ThresholdCurve`] is evaluated at, besides 0: fine enough that the curve looks
/// smooth on a slide, coarse enough to keep `results.json` small.
pub const THRESHOLD_STEPS: usize = 100;

/// One model's validation value per year at evenly spaced decision thresholds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThresholdCurve {
    /// Model name.
    pub name: String,
    /// `[threshold, value per year]` pairs, thresholds from 0 to 1.
    pub points: Vec<[f64; 2]>,
    /// Each point's 90% interval over resamples of the validation rows, `[low, high]`, in the
    /// order of `points`: the rule at each threshold as the point applies it, not refitted per
    /// resample. Absent in runs written before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<[f64; 2]>>,
}

/// A binary model's test value per year split by outcome (each outcome's payoffs summed over
/// the rows it happened on); the four add up to `test_per_year`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct OutcomeValues {
    /// Predicted positive, actually positive.
    pub true_positives: f64,
    /// Predicted positive, actually negative.
    pub false_positives: f64,
    /// Predicted negative, actually positive.
    pub false_negatives: f64,
    /// Predicted negative, actually negative.
    pub true_negatives: f64,
    /// The 90% interval of each over resamples of the test rows, in the order above (true
    /// positives, false positives, false negatives, true negatives), each `[low, high]`, with
    /// the decisions as made: the baseline's and the best candidate's, which the `payoff` chart
    /// draws; absent for other models and in runs written before 2026-12-06.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervals: Option<[[f64; 2]; 4]>,
}

/// One model's value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelValue {
    /// Model name.
    pub name: String,
    /// Trial number; absent for the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<u64>,
    /// A model trained elsewhere (`worthit add-model`): a candidate, but no trial of the sweep,
    /// so the diminishing-returns curve and the sweep's cost leave it out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// Binary tasks: predict positive when the positive-class probability is at least this
    /// (tuned on validation rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Mean value per decision on test rows (per-decision kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_decision: Option<f64>,
    /// Value per year on validation rows (what selection sees).
    pub validation_per_year: f64,
    /// Value per year on test rows.
    pub test_per_year: f64,
    /// `test_per_year`'s 90% interval over resamples of the test rows (`mean` is
    /// `test_per_year`), drawing the business numbers given as distributions as
    /// `net_value_interval` does. Absent in runs written before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_year_interval: Option<BootstrapSummary>,
    /// Value per year on test rows with the default decision (0.5 cut-off, or the most likely
    /// class), to show what tuning the decision alone earns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_year_default: Option<f64>,
    /// `test_per_year_default`'s 90% interval over the same resamples as
    /// `test_per_year_interval`. Absent where `test_per_year_default` is and in runs written
    /// before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_year_default_interval: Option<BootstrapSummary>,
    /// The baseline's: `test_per_year` minus `test_per_year_default`, what tuning the decision
    /// alone earns a year, with its paired-bootstrap interval over the test rows. Absent for
    /// candidates and in files written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_tuning: Option<BootstrapSummary>,
    /// Test value over the horizon.
    pub decision_value: f64,
    /// Compute cost of training it.
    pub training_cost: f64,
    /// The fixed cost of a trial (candidates only).
    pub trial_cost: f64,
    /// Compute cost of serving it over the horizon.
    pub serving_cost: f64,
    /// Net value: decision value - training - trial - serving cost.
    pub net_value: f64,
    /// The same with the validation value (what selecting by validation sees).
    pub validation_net_value: f64,
    /// The same from alternate validation rows (the 1st, 3rd, ... and the 2nd, 4th, ...), each
    /// over the horizon and net of the same costs: the tuning answer, and so `--stop auto`,
    /// selects on one half and measures on the other, so test rows never decide when a sweep
    /// stops. Per-row kinds of value only; absent for metric-based values and in files written
    /// before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_halves: Option<[f64; 2]>,
    /// Net value minus the baseline's, with its paired-bootstrap interval (candidates only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<BootstrapSummary>,
    /// Net value minus the value of the better reference strategy (the better on validation
    /// rows), paired on test rows: below 0 the model adds nothing over a rule of thumb. Binary
    /// outcomes only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_reference: Option<BootstrapSummary>,
    /// The net value's own bootstrap interval over test rows (`mean` is `net_value`). Absent in
    /// files written before it existed. `worthit compare` needs it to compare runs that share
    /// no test rows, where no paired interval exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_value_interval: Option<BootstrapSummary>,
    /// The validation net value's own bootstrap interval over validation rows (`mean` is
    /// `validation_net_value`), from resamples of their own (seeded apart from the test rows').
    /// The decisions stay as fitted: the interval is conditional on the threshold fitted on
    /// these same rows. Absent in files written before 2026-12-06.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_net_value_interval: Option<BootstrapSummary>,
    /// Binary outcomes: test value per year by outcome, for the payoff breakdown chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<OutcomeValues>,
}

impl ModelValue {
    /// Whether it is a trial of the sweep: a candidate not trained elsewhere
    /// (`ModelResult::is_sweep_trial`, as pricing carries it).
    pub fn is_sweep_trial(&self) -> bool {
        self.trial.is_some() && !self.external
    }
}

/// Two models priced together on the same test rows, for `worthit compare`.
#[derive(Debug, Clone)]
pub struct PairedComparison {
    /// The model compared against.
    pub baseline: ModelValue,
    /// The model under test.
    pub candidate: ModelValue,
    /// Candidate net value minus baseline net value, with its paired-bootstrap interval.
    pub difference: BootstrapSummary,
    /// The test rows the two value differently, which the difference rests on (`None` for a
    /// metric-based value).
    pub rows_that_differ: Option<u64>,
}

/// The candidate validation picks, and what the whole sweep cost to find it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BestCandidate {
    /// Its name.
    pub name: String,
    /// Its net value minus the baseline's (over the horizon), with interval.
    pub difference: BootstrapSummary,
    /// Training and trial cost of every candidate of the sweep.
    pub sweep_cost: f64,
    /// The difference after paying for the rest of the sweep too (its own cost is already in
    /// `difference`): was the sweep as a whole worth it. When the best candidate was trained
    /// elsewhere, the sweep did not find it, and this is the sweep's own best trial's
    /// (`sweep_best`).
    pub difference_after_sweep: BootstrapSummary,
    /// The sweep's best trial by validation net value, named when it is not the best candidate
    /// (that one was trained elsewhere, `worthit add-model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep_best: Option<String>,
    /// What it earns more than the baseline before costs (`difference` with both models'
    /// training, trial and serving costs added back), with its interval: in each resample the
    /// costs at that resample's draw of the business numbers. Absent in runs written before
    /// 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference_before_costs: Option<BootstrapSummary>,
    /// The test rows it and the baseline value differently (their decisions differ there, or a
    /// per-row error does), which `difference` rests on; the others add the same to both. Absent
    /// for a metric-based value (no per-row values) and in runs written before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_rows_that_differ: Option<u64>,
}

/// The best candidate's position under one scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Low, mid or high end of every range.
    pub scenario: Scenario,
    /// Baseline net value.
    pub baseline_net_value: f64,
    /// Best candidate net value.
    pub best_net_value: f64,
    /// Their difference.
    pub difference: f64,
    /// The baseline net value's 90% interval over resamples of the test rows, every business
    /// number at this scenario's value. Absent in runs written before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_net_value_interval: Option<BootstrapSummary>,
    /// The best candidate's, the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_net_value_interval: Option<BootstrapSummary>,
    /// The difference's paired interval, the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference_interval: Option<BootstrapSummary>,
}

/// How one uncertain number moves the best candidate's difference to the baseline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The number, e.g. `fp` or `decisions_per_year`.
    pub parameter: String,
    /// Its low end.
    pub low: f64,
    /// Its high end.
    pub high: f64,
    /// The difference with this number at its low end (every other at its central value).
    pub difference_at_low: f64,
    /// The difference with this number at its high end.
    pub difference_at_high: f64,
    /// `|difference_at_high - difference_at_low|`.
    pub swing: f64,
    /// `difference_at_low`'s paired 90% interval over resamples of the test rows. Absent in runs
    /// written before 2026-12-07.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference_at_low_interval: Option<BootstrapSummary>,
    /// `difference_at_high`'s, the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference_at_high_interval: Option<BootstrapSummary>,
}
