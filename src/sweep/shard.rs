//! Shards: a sweep split across the tasks of a cluster job array. Shard `K/N` trains the
//! baseline and the trials whose index is `K` modulo `N`, in a folder of its own; `worthit merge`
//! joins the folders into one run.

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, in `0..count`.
    pub index: u64,
    /// How many shards share the sweep.
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` as written after `--shard`.
    pub fn parse(text: &str) -> std::result::Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (e.g. 0/4)"))?;
        let index: u64 = index
            .trim()
            .parse()
            .map_err(|_| format!("`{index}` is not a shard number"))?;
        let count: u64 = count
            .trim()
            .parse()
            .map_err(|_| format!("`{count}` is not a shard count"))?;
        Shard::new(index, count).map_err(|err| err.to_string())
    }

    /// A checked shard.
    pub fn new(index: u64, count: u64) -> Result<Shard> {
        if count == 0 || index >= count {
            return Err(Error::input(format!(
                "shard {index}/{count}: need 0 <= K < N"
            )));
        }
        Ok(Shard { index, count })
    }

    /// Whether trial `trial` belongs to this shard.
    pub fn owns(&self, trial: u64) -> bool {
        trial % self.count == self.index
    }

    /// The folder suffix of this shard: `-shard-1-of-4`.
    pub fn suffix(&self) -> String {
        format!("-shard-{}-of-{}", self.index, self.count)
    }

    /// The shard from the command line, else from a cluster job array's environment:
    /// Slurm's `SLURM_ARRAY_TASK_ID` / `SLURM_ARRAY_TASK_COUNT` (offset by
    /// `SLURM_ARRAY_TASK_MIN`, since arrays may start at 1), or a Kubernetes Indexed Job's
    /// `JOB_COMPLETION_INDEX` with `--shards N`.
    pub fn resolve(
        flag: Option<Shard>,
        shards: Option<u64>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Shard>> {
        if flag.is_some() {
            return Ok(flag);
        }
        let number = |name: &str| -> Result<Option<u64>> {
            match env(name) {
                None => Ok(None),
                Some(text) => text.trim().parse().map(Some).map_err(|_| {
                    Error::input(format!(
                        "environment variable {name}=`{text}` is not a number"
                    ))
                }),
            }
        };
        if let (Some(id), Some(count)) = (
            number("SLURM_ARRAY_TASK_ID")?,
            number("SLURM_ARRAY_TASK_COUNT")?,
        ) {
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            return Shard::new(id.saturating_sub(min), count).map(Some);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = shards.ok_or_else(|| {
                Error::input("JOB_COMPLETION_INDEX is set: pass --shards N (the Job's completions) to shard the sweep")
            })?;
            return Shard::new(index, count).map(Some);
        }
        match shards {
            Some(_) => Err(Error::input(
                "--shards N needs JOB_COMPLETION_INDEX in the environment; use --shard K/N otherwise",
            )),
            None => Ok(None),
        }
    }
}

/// What a run merged from some of a sweep's shards lacks (`worthit merge
/// --allow-missing-shards`): the shards not merged and the sweep's trials they train.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingShards {
    /// How many shards share the sweep.
    pub count: u64,
    /// The shards not merged, in `0..count`.
    pub shards: Vec<u64>,
    /// The trials of those shards (`trial-0002`, ...), which the merged run has not.
    pub trials: Vec<String>,
}

impl MissingShards {
    /// The shards of a sweep of `trials` trials in `count` shards that `merged` leaves out, or
    /// `None` when the shards left out train no trial (more shards than trials): the merged run
    /// lacks nothing.
    pub fn of(count: u64, merged: &[u64], trials: usize) -> Option<MissingShards> {
        let shards: Vec<u64> = (0..count).filter(|k| !merged.contains(k)).collect();
        let trials: Vec<String> = (0..trials as u64)
            .filter(|trial| shards.contains(&(trial % count)))
            .map(super::trial_name)
            .collect();
        if trials.is_empty() {
            return None;
        }
        Some(MissingShards {
            count,
            shards,
            trials,
        })
    }

    /// "shard 1/3", "shards 1/4, 3/4".
    pub fn named(&self) -> String {
        let names: Vec<String> = self
            .shards
            .iter()
            .map(|k| format!("{k}/{}", self.count))
            .collect();
        let noun = if names.len() == 1 { "shard" } else { "shards" };
        format!("{noun} {}", names.join(", "))
    }

    /// The missing trials, the first few by name: "2 of the 6 trials (trial-0002, trial-0005)"
    /// (never one of one: a shard that lacks a trial has another shard with the baseline).
    pub fn trials_of(&self, requested: usize) -> String {
        format!(
            "{} of the {requested} trials ({})",
            self.trials.len(),
            crate::base::format::first_few(&self.trials, SHOWN_TRIALS)
        )
    }
}

/// Missing trials named in a sentence before "and N more".
const SHOWN_TRIALS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn missing_shards_name_their_trials() {
        let missing = MissingShards::of(4, &[0, 2], 10).unwrap();
        assert_eq!(missing.shards, [1, 3]);
        assert_eq!(missing.named(), "shards 1/4, 3/4");
        assert_eq!(
            missing.trials_of(10),
            "5 of the 10 trials (trial-0002, trial-0004, trial-0006, trial-0008, trial-0010)"
        );
        let many = MissingShards::of(2, &[0], 20).unwrap();
        assert_eq!(
            many.trials_of(20),
            "10 of the 20 trials (trial-0002, trial-0004, trial-0006, trial-0008, trial-0010, trial-0012 and 4 more)"
        );
        assert_eq!(MissingShards::of(3, &[0, 1, 2], 6), None);
        // More shards than trials: shard 2/3 trains none, and the merge lacks nothing.
        assert_eq!(MissingShards::of(3, &[0, 1], 2), None);
    }

    #[test]
    fn parse_and_ownership() {
        let shard = Shard::parse("1/3").unwrap();
        assert_eq!(shard, Shard { index: 1, count: 3 });
        assert!(shard.owns(4) && !shard.owns(3));
        assert!(Shard::parse("3/3").is_err());
        assert!(Shard::parse("x").is_err());
    }

    #[test]
    fn job_array_environments() {
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ];
        assert_eq!(
            Shard::resolve(None, None, env(&slurm)).unwrap(),
            Some(Shard { index: 2, count: 4 })
        );
        let k8s = [("JOB_COMPLETION_INDEX", "0")];
        assert_eq!(
            Shard::resolve(None, Some(5), env(&k8s)).unwrap(),
            Some(Shard { index: 0, count: 5 })
        );
        assert!(Shard::resolve(None, None, env(&k8s)).is_err());
        let flag = Some(Shard { index: 1, count: 2 });
        assert_eq!(Shard::resolve(flag, None, env(&slurm)).unwrap(), flag);
        assert_eq!(Shard::resolve(None, None, env(&[])).unwrap(), None);
    }
}
