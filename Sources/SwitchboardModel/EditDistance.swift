/// Levenshtein distance, for every "did you mean" in Switchboard: manifest fields and names, CLI commands and
/// options, state addresses. Distances are counted in Unicode scalars.
public enum EditDistance {
    /// Suggestions go no further than this: a candidate at distance 3 or more is not "nearly" the word.
    public static let suggestionLimit = 3

    /// The edit distance between `a` and `b`, or nil when it is at least `limit` (the work stops as soon as every
    /// path is that long).
    public static func distance(_ a: String, _ b: String, limit: Int = suggestionLimit) -> Int? {
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
    /// so `contentprofile` finds `contentProfile`); ties go to the alphabetically first. `word` itself is never
    /// suggested.
    public static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String?
    where S.Element == String {
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

    /// `did you mean 'x'?` for the nearest candidate (`suggestion(for:among:)`), or nil.
    public static func didYouMean<S: Sequence>(_ word: String, among candidates: S) -> String?
    where S.Element == String {
        suggestion(for: word, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// The first of `candidates` whose name (`name(candidate)`) is nearest to `word`, when that distance is below
    /// 3; ties go to the earlier candidate.
    public static func nearest<T>(to word: String, among candidates: [T], name: (T) -> String) -> T? {
        var best: (candidate: T, distance: Int)?
        for candidate in candidates {
            guard let d = distance(word, name(candidate)) else { continue }
            if best.map({ d < $0.distance }) ?? true { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// The first of `candidates` nearest to `word`, when that distance is below 3; ties go to the earlier one.
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        nearest(to: word, among: candidates) { $0 }
    }
}
