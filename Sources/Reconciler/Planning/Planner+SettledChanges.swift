import SwitchboardModel

extension Planner {
    /// The notes a plan shows for data that serves only until an object is active (its rules' `usedUntilActive`,
    /// onboarding data) changed on an object that is active: such a change has no effect, so the planner leaves it
    /// out of the change (a noop when nothing else changed) and says so here, one note per object, in plan order.
    ///
    /// The comparison is with the attributes state holds (those the object was last applied with), so the note
    /// stands on every plan until the manifest and state agree again; it never becomes a change. Secrets count
    /// only through their fingerprints, so an unfingerprinted one-time secret changed later gives no note.
    public static func settledChangeNotes(_ plan: Plan, rules: [PlatformType: PlatformRules]) -> [String] {
        let book = RuleBook(project: plan.project, rules: rules)
        var notes: [String] = []
        for change in plan.changes where change.action == .noop || change.action.changesInPlace {
            guard let desired = change.desired, let prior = change.prior, prior.status == .active,
                let resourceRules = book.rules(desired.platform, desired.resourceClass),
                !resourceRules.usedUntilActive.isEmpty
            else { continue }
            let after = flatten(desired.attributes)
            let before = flatten(prior.attributes)
            let paths = Set(after.keys).union(before.keys).filter {
                resourceRules.isUsedUntilActive($0) && after[$0] != before[$0]
            }.sorted()
            guard !paths.isEmpty else { continue }
            notes.append(
                "\(change.address): the change of \(paths.joined(separator: ", ")) has no effect: it serves only until "
                    + "the object is active, and it is active; nothing is changed")
        }
        return notes
    }
}
