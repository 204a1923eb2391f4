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
