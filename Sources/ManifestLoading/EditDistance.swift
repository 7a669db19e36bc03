/// Levenshtein distance for "did you mean" hints.
enum EditDistance {
    /// The edit distance between `a` and `b` over Unicode scalars, or nil when it is at least `limit`.
    static func distance(_ a: String, _ b: String, limit: Int = 3) -> Int? {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if abs(x.count - y.count) >= limit { return nil }
        if x.isEmpty { return y.count < limit ? y.count : nil }
        if y.isEmpty { return x.count < limit ? x.count : nil }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMin = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin >= limit { return nil }
            swap(&previous, &current)
        }
        return previous[y.count] < limit ? previous[y.count] : nil
    }

    /// The candidate nearest to `word` with an edit distance below 3 (case differences count as half a step,
    /// so `contentprofile` finds `contentProfile`); ties go to the alphabetically first.
    static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == String {
        var best: (name: String, score: Int)?
        let lower = word.lowercased()
        for c in candidates where c != word {
            let score: Int
            if c.lowercased() == lower {
                score = 0
            } else if let d = distance(word, c) {
                score = d * 2
            } else {
                continue
            }
            if let b = best, b.score < score || (b.score == score && b.name < c) { continue }
            best = (c, score)
        }
        return best?.name
    }

    /// `did you mean 'x'?` for the nearest candidate, or nil.
    static func didYouMean<S: Sequence>(_ word: String, among candidates: S) -> String? where S.Element == String {
        suggestion(for: word, among: candidates).map { "did you mean '\($0)'?" }
    }
}
