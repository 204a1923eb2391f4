//! Binary ROC-AUC in one pass over presorted rows: the rows sorted once by score, a resample
//! only reweighting them, and each row's placement against the other class (the rows two models
//! rank differently carry the difference of their areas).

/// Rows sorted once by score for ROC-AUC, arranged so that a resample visits as few rows as it
/// can: every positive row, and the negative rows in runs between and within the score groups
/// that hold positives (ties in one group), except the largest run, whose weight is what the
/// resample's negatives leave over. For a class that few rows hold and the model ranks well, the
/// negatives below every positive are that run, so a resample reads little more than the class's
/// own rows; a multiclass ROC-AUC then costs about one pass over the rows, not one per class.
pub(super) struct Ranked {
    /// Positive rows, by ascending score group.
    positive_rows: Vec<u32>,
    /// End (in `positive_rows`) of each score group that holds positives, ascending.
    positive_group_ends: Vec<u32>,
    /// Negative rows in ascending score, in the runs `2k` (strictly between the positive groups
    /// `k - 1` and `k`) and `2k + 1` (tied with positive group `k`); run `2K` is above them all.
    negative_rows: Vec<u32>,
    /// End (in `negative_rows`) of each run.
    pub(super) negative_run_ends: Vec<u32>,
    /// The largest run, left unread.
    pub(super) skipped_run: usize,
    /// The rows ranked.
    rows: usize,
    /// [`Ranked::doubled_placements`], found the first time they are asked for: a model's own
    /// interval and each gain over it read them.
    placements: std::sync::OnceLock<Vec<u64>>,
}

impl Ranked {
    pub(super) fn new(score: Vec<f64>, positive: Vec<bool>) -> Ranked {
        let mut order: Vec<u32> = (0..score.len() as u32).collect();
        order.sort_by(|&a, &b| score[a as usize].total_cmp(&score[b as usize]));
        let mut ranked = Ranked {
            positive_rows: Vec::new(),
            positive_group_ends: Vec::new(),
            negative_rows: Vec::with_capacity(order.len()),
            negative_run_ends: Vec::new(),
            skipped_run: 0,
            rows: score.len(),
            placements: std::sync::OnceLock::new(),
        };
        let mut start = 0;
        while start < order.len() {
            let tied = score[order[start] as usize];
            let end = start
                + order[start..]
                    .iter()
                    .take_while(|&&i| score[i as usize] == tied)
                    .count();
            let group = &order[start..end];
            if group.iter().any(|&i| positive[i as usize]) {
                ranked.close_negative_run();
                ranked
                    .positive_rows
                    .extend(group.iter().filter(|&&i| positive[i as usize]));
                ranked
                    .positive_group_ends
                    .push(ranked.positive_rows.len() as u32);
                ranked
                    .negative_rows
                    .extend(group.iter().filter(|&&i| !positive[i as usize]));
                ranked.close_negative_run();
            } else {
                ranked.negative_rows.extend_from_slice(group);
            }
            start = end.max(start + 1);
        }
        ranked.close_negative_run();
        let mut run_start = 0;
        let mut largest = 0;
        for (run, &end) in ranked.negative_run_ends.iter().enumerate() {
            if end - run_start > largest {
                (largest, ranked.skipped_run) = (end - run_start, run);
            }
            run_start = end;
        }
        ranked
    }

    /// Each row's placement, doubled so ties stay whole: for a positive row, twice
    /// the negatives ranked below it plus those tied with it; for a negative row, twice the
    /// positives ranked above it plus those tied with it. The area is the positives' placements
    /// summed over (positives x negatives), and the negatives' the same: a row whose placement
    /// two models share moves their areas alike on every resample.
    pub(super) fn doubled_placements(&self) -> &[u64] {
        self.placements.get_or_init(|| self.placements_of_rows())
    }

    fn placements_of_rows(&self) -> Vec<u64> {
        let mut placements = vec![0u64; self.rows];
        let total_positive = self.positive_rows.len() as u64;
        let (mut negatives_below, mut positives_below) = (0u64, 0u64);
        let (mut run_start, mut group_start) = (0usize, 0usize);
        let mut set = |rows: &[u32], value: u64| {
            for &row in rows {
                if let Some(p) = placements.get_mut(row as usize) {
                    *p = value;
                }
            }
        };
        for (run, &run_end) in self.negative_run_ends.iter().enumerate() {
            let negatives = &self.negative_rows[run_start..run_end as usize];
            let tied = negatives.len() as u64;
            match (run % 2 == 1).then_some(run / 2) {
                Some(k) => {
                    let group_end = self.positive_group_ends[k] as usize;
                    let group = &self.positive_rows[group_start..group_end];
                    let in_group = group.len() as u64;
                    set(group, 2 * negatives_below + tied);
                    set(
                        negatives,
                        2 * (total_positive - positives_below - in_group) + in_group,
                    );
                    positives_below += in_group;
                    group_start = group_end;
                }
                None => set(negatives, 2 * (total_positive - positives_below)),
            }
            negatives_below += tied;
            run_start = run_end as usize;
        }
        placements
    }

    /// Whether each row's placement ([`Ranked::doubled_placements`]) differs from the
    /// commonest among the rows of its class.
    pub(super) fn off_the_commonest(&self) -> Vec<bool> {
        let (placements, n) = (self.doubled_placements(), self.rows);
        let mut positive = vec![false; n];
        for &row in &self.positive_rows {
            if let Some(p) = positive.get_mut(row as usize) {
                *p = true;
            }
        }
        let commonest = |class: bool| -> Option<u64> {
            let of_class: Vec<u64> = (0..n)
                .filter(|&i| positive[i] == class)
                .map(|i| placements[i])
                .collect();
            super::commonest(of_class, u64::cmp).map(|(placement, _)| placement)
        };
        let (of_positives, of_negatives) = (commonest(true), commonest(false));
        (0..n)
            .map(|i| {
                let commonest = if positive[i] {
                    of_positives
                } else {
                    of_negatives
                };
                Some(placements[i]) != commonest
            })
            .collect()
    }

    fn close_negative_run(&mut self) {
        self.negative_run_ends.push(self.negative_rows.len() as u32);
    }

    /// ROC-AUC of the resample that drew `drawn` rows in all (NaN without both classes): the
    /// share of positive-negative pairs ranked right, ties counting half. The area is linear in
    /// each negative run's weight, with the weight of the positives at or above it as its
    /// coefficient (half for the group it is tied with), so the unread run is added at the end.
    pub(super) fn auc(&self, counts: &[u32], drawn: f64) -> f64 {
        let weight =
            |rows: &[u32]| -> f64 { rows.iter().map(|&i| f64::from(counts[i as usize])).sum() };
        let total_positive = weight(&self.positive_rows);
        let total_negative = drawn - total_positive;
        if total_positive == 0.0 || total_negative <= 0.0 {
            return f64::NAN;
        }
        let (mut area, mut read_negative, mut skipped_coefficient) = (0.0, 0.0, 0.0);
        let mut positive_below = 0.0;
        let (mut run_start, mut group_start) = (0usize, 0usize);
        for (run, &run_end) in self.negative_run_ends.iter().enumerate() {
            let mut coefficient = total_positive - positive_below;
            let tied_group = (run % 2 == 1).then_some(run / 2);
            if let Some(k) = tied_group {
                let group_end = self.positive_group_ends[k] as usize;
                let group = weight(&self.positive_rows[group_start..group_end]);
                group_start = group_end;
                coefficient -= 0.5 * group;
                positive_below += group;
            }
            if run == self.skipped_run {
                skipped_coefficient = coefficient;
            } else {
                let negatives = weight(&self.negative_rows[run_start..run_end as usize]);
                area += coefficient * negatives;
                read_negative += negatives;
            }
            run_start = run_end as usize;
        }
        area += skipped_coefficient * (total_negative - read_negative);
        area / (total_positive * total_negative)
    }
}
