//! Distributions by hand: central values, ends, draws from fixed streams, and every bad
//! parameter refused with a line naming the key.

use std::path::Path;

use super::Distribution;
use crate::base::random::{rng_for, Stream};
use crate::value::config::{Scenario, ValueConfig};
use crate::value::{Amount, Number};

fn parse(text: &str) -> crate::base::error::Result<ValueConfig> {
    crate::config::Config::parse(text, Path::new("w.toml")).map(|c| c.value.unwrap_or_default())
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

#[test]
fn a_point_distribution_draws_its_one_value() {
    let mut rng = rng_for(1, Stream::ValueDraws, 0);
    for distribution in [
        Distribution::Uniform {
            low: 5.0,
            high: 5.0,
        },
        Distribution::Triangular {
            low: 5.0,
            mode: 5.0,
            high: 5.0,
        },
    ] {
        for _ in 0..100 {
            assert_eq!(distribution.sample(&mut rng), 5.0);
        }
        assert_eq!(distribution.mean(), 5.0);
    }
}

#[test]
fn central_values_and_ends_by_hand() {
    let triangular = Distribution::Triangular {
        low: 1.0,
        mode: 2.0,
        high: 6.0,
    };
    assert_eq!(triangular.mean(), 3.0);
    assert_eq!(
        (triangular.percentile_low(), triangular.percentile_high()),
        (1.0, 6.0)
    );
    let normal = Distribution::Normal {
        mean: 100.0,
        sd: 10.0,
        low: None,
        high: None,
    };
    assert_eq!(normal.mean(), 100.0);
    assert!(close(normal.percentile_low(), 100.0 - 16.448_536, 1e-4));
    assert!(close(normal.percentile_high(), 100.0 + 16.448_536, 1e-4));
    // Truncated at its mean from below: a half-normal, mean + sd √(2/π).
    let half = Distribution::Normal {
        mean: 0.0,
        sd: 1.0,
        low: Some(0.0),
        high: None,
    };
    assert!(close(
        half.mean(),
        (2.0 / std::f64::consts::PI).sqrt(),
        1e-6
    ));
    let lognormal = Distribution::LogNormal {
        mu: 0.0,
        sigma: 1.0,
        sign: 1.0,
    };
    let loss = lognormal.negated();
    assert!(close(loss.mean(), -lognormal.mean(), 1e-12));
    assert!(close(
        loss.percentile_low(),
        -lognormal.percentile_high(),
        1e-12
    ));
    assert!(close(lognormal.mean(), 0.5_f64.exp(), 1e-12));
    assert!(close(
        lognormal.percentile_high(),
        1.644_853_6_f64.exp(),
        1e-5
    ));
    // Beta(1, 1) on [0, 10] is uniform on it; Beta(2, 1) has CDF x², so its 5th percentile is
    // √0.05.
    let flat = Distribution::Beta {
        alpha: 1.0,
        beta: 1.0,
        low: 0.0,
        high: 10.0,
    };
    assert!(close(flat.mean(), 5.0, 1e-12));
    assert!(close(flat.percentile_low(), 0.5, 1e-8));
    let rising = Distribution::Beta {
        alpha: 2.0,
        beta: 1.0,
        low: 0.0,
        high: 1.0,
    };
    assert!(close(rising.percentile_low(), 0.05_f64.sqrt(), 1e-8));
    // Scenarios read the ends, the midpoint reads the mean.
    let number = Number::Dist(triangular);
    assert_eq!(number.at(Scenario::Low), 1.0);
    assert_eq!(number.at(Scenario::Mid), 3.0);
    assert_eq!(number.at(Scenario::High), 6.0);
}

#[test]
fn draws_are_fixed_by_the_stream_and_follow_the_distribution() {
    let distributions = [
        Distribution::Uniform {
            low: -2.0,
            high: 4.0,
        },
        Distribution::Triangular {
            low: 1.0,
            mode: 2.0,
            high: 6.0,
        },
        Distribution::Normal {
            mean: 3.0,
            sd: 2.0,
            low: Some(0.0),
            high: Some(5.0),
        },
        Distribution::LogNormal {
            mu: 1.0,
            sigma: 0.5,
            sign: -1.0,
        },
        Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
            low: 10.0,
            high: 20.0,
        },
    ];
    for distribution in distributions {
        let draws = |index: u64| -> Vec<f64> {
            let mut rng = rng_for(42, Stream::ValueDraws, index);
            (0..20_000).map(|_| distribution.sample(&mut rng)).collect()
        };
        let first = draws(0);
        assert_eq!(first, draws(0), "{distribution}");
        assert_ne!(first, draws(1), "{distribution}");
        let mean = first.iter().sum::<f64>() / first.len() as f64;
        let spread = distribution.percentile_high() - distribution.percentile_low();
        assert!(
            close(mean, distribution.mean(), 0.02 * spread),
            "{distribution}: draws average {mean}, mean {}",
            distribution.mean()
        );
        assert!(first
            .iter()
            .all(|x| *x >= distribution.support_low() && *x <= distribution.support_high()));
        // About 5% of draws fall below the low end of a distribution with percentile ends.
        if !matches!(
            distribution,
            Distribution::Uniform { .. } | Distribution::Triangular { .. }
        ) {
            let below = first
                .iter()
                .filter(|x| **x < distribution.percentile_low())
                .count() as f64
                / first.len() as f64;
            assert!(close(below, 0.05, 0.01), "{distribution}: {below}");
        }
    }
}

#[test]
fn parses_every_distribution_and_writes_it_back() {
    let value = parse(
        "[value]\ntp = { dist = \"beta\", alpha = 2, beta = 8, low = 0, high = 100 }\n\
         fp = { dist = \"triangular\", low = -3, mode = -2, high = -1 }\nfn = -5\n\
         decisions_per_year = { dist = \"normal\", mean = 1000, sd = 100, low = 0 }\n\
         core_hour = { dist = \"lognormal\", mu = -3, sigma = 0.3 }\n\
         trial_cost = { dist = \"uniform\", low = 1, high = 3 }\n",
    )
    .unwrap();
    assert_eq!(
        value.fp,
        Some(Amount::Number(Number::Dist(Distribution::Triangular {
            low: -3.0,
            mode: -2.0,
            high: -1.0
        })))
    );
    let names: Vec<String> = value.distributions().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["tp", "fp", "decisions_per_year", "core_hour", "trial_cost"]
    );
    // run.json keeps the section: it must read back the same.
    let text = toml::to_string(&value).unwrap();
    let again: ValueConfig = toml::from_str(&text).unwrap();
    assert_eq!(again.named_numbers(), value.named_numbers());
    value.check(&[], &["no".into(), "yes".into()]).unwrap();
}

#[test]
fn bad_distributions_name_the_key_and_line() {
    for (line, needle) in [
        (
            "fp = { dist = \"beta\", alpha = 0, beta = 2 }",
            "alpha = 0 must be above 0",
        ),
        (
            "fp = { dist = \"beta\", alpha = 2, beta = 0 }",
            "beta = 0 must be above 0",
        ),
        (
            "fp = { dist = \"triangular\", low = 1, mode = 5, high = 4 }",
            "mode = 5 is outside",
        ),
        (
            "fp = { dist = \"normal\", mean = 1, sd = 0 }",
            "sd = 0 must be above 0",
        ),
        (
            "fp = { dist = \"normal\", mean = 1, sd = -1 }",
            "sd = -1 must be above 0",
        ),
        ("fp = { dist = \"gamma\", low = 1 }", "unknown dist `gamma`"),
        (
            "fp = { dist = \"triangle\", low = 1 }",
            "did you mean `triangular`",
        ),
        (
            "fp = { dist = \"triangular\", low = 1, high = 4 }",
            "needs `mode`",
        ),
        ("fp = { dist = \"normal\", sd = 1 }", "needs `mean`"),
        ("fp = { low = 1, high = 4 }", "needs `dist`"),
        (
            "fp = { dist = \"uniform\", low = 1, high = 4, mode = 2 }",
            "no parameter `mode`",
        ),
        (
            "fp = { dist = \"uniform\", low = 4, high = 1 }",
            "low = 4 above high = 1",
        ),
        (
            "fp = { dist = \"lognormal\", mu = 40, sigma = 1 }",
            "beyond ±1e15",
        ),
        (
            "fp = { dist = \"normal\", mean = 0, sd = 1, low = 10 }",
            "keeps almost none",
        ),
    ] {
        let err = parse(&format!("[value]\ntp = 1\n{line}\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3"), "{line}: {err}");
        assert!(err.contains("`fp`"), "{line}: {err}");
        assert!(err.contains(needle), "{line}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn volumes_and_prices_may_not_be_drawn_negative() {
    for (line, key) in [
        (
            "decisions_per_year = { dist = \"normal\", mean = 1000, sd = 100 }",
            "decisions_per_year",
        ),
        (
            "core_hour = { dist = \"uniform\", low = -1, high = 1 }",
            "core_hour",
        ),
        (
            "horizon_years = { dist = \"lognormal\", mu = 0, sigma = 1 }",
            "horizon_years",
        ),
    ] {
        let value = parse(&format!("[value]\ntp = 1\n{line}\n")).unwrap();
        let err = value
            .check(&[], &["no".into(), "yes".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{line}: {err}");
    }
}
