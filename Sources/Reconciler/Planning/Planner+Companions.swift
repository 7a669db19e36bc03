import Foundation
import SwitchboardModel

/// Companion work in the plan (`CompanionRule`): shown as fields under the change that causes it (a number's webhook
/// at its carrier under the number's import or delete, every number's under its integration's disable or enable), and
/// planned where state says some is left undone (its subject drifted, an apply stopped half way, its resource is gone).
extension Planner {
    static func addCompanionWork(_ changes: inout [PlannedChange], input: PlanInput) {
        guard input.rules.values.contains(where: { $0.resources.values.contains { $0.companion != nil } }) else { return }
        let desired = Dictionary(input.manifests.resources.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        let work = Companions(
            project: input.manifests.project, rules: input.rules, resolver: nil, desired: desired,
            secretValue: { _ in "" })
        let state = input.state
        // Resources whose update switches their activation on: their change points every record through them again.
        let reactivated = Set(changes.filter { c in
            work.rules(through: c.address.kind).contains { rule in
                rule.activationField.map { f in c.fields.contains { $0.path == f.path && $0.after?.boolValue == true } }
                    ?? false
            }
        }.map(\.address))
        var seen = Set<Address>()
        for i in changes.indices {
            let c = changes[i]
            seen.insert(c.address)
            var fields: [FieldChange] = []
            if let r = c.desired, c.action != .delete,
                let w = try? work.work(
                    r.address, cls: r.resourceClass, connection: r.platform, attributes: r.attributes, state: state),
                w.active
            {
                let record = state.companions[c.address.description]
                // A record left unattached (drift, an apply stopped half way, a disable undone by hand) is work to do
                // again, unless the resource it goes through is enabled by this plan (that change does it); a
                // resource with no record at all was never pointed by Switchboard and is left alone.
                let undone =
                    record.map { (!$0.attached && !reactivated.contains($0.through)) || $0.value != w.step.value }
                    ?? false
                if c.action == .create || c.action == .replace || undone {
                    // What the subject holds now is known only at the companion platform.
                    fields.append(FieldChange(path: w.rule.path(w.step.subject), before: nil, after: .string(w.step.value)))
                }
            }
            if c.action == .delete || c.action == .replace, let record = state.companions[c.address.description],
                record.attached, let field = companionSetting(work, record)
            {
                fields.append(restoring(record, setting: field))
            }
            fields += followingActivation(c, work: work, state: state)
            guard !fields.isEmpty else { continue }
            changes[i].fields += fields.filter { f in !changes[i].fields.contains { $0.path == f.path } }
            if changes[i].action == .noop { changes[i].action = .update }
        }
        for (key, record) in state.companions.sorted(by: { $0.key < $1.key }) {
            guard let address = Address(parsing: key), !seen.contains(address), state[address] == nil,
                desired[address] == nil
            else { continue }
            // Its resource is gone (an apply stopped between the two sides, or it vanished outside Switchboard):
            // only the companion's side is left to put back.
            let fields = companionSetting(work, record).map { [restoring(record, setting: $0)] } ?? []
            changes.append(PlannedChange(
                address: address, platform: record.connection, action: .delete, order: changes.count + 1,
                fields: record.attached ? fields : []))
        }
    }

    /// The setting a record's rule names.
    static func companionSetting(_ work: Companions, _ record: CompanionRecord) -> Field? {
        work.rules(through: record.through.kind).first { $0.platformType == record.platformType }?.setting
    }

    /// The field that shows a record's subject pointed back at what it held before.
    static func restoring(_ record: CompanionRecord, setting: Field) -> FieldChange {
        let path = "\(record.platformType.rawValue).\(record.subject).\(setting.path)"
        return FieldChange(path: path, before: .string(record.value), after: record.previous?[setting.path] ?? .null)
    }

    /// The fields of an update that switches the activation of a resource others' companion work goes through.
    static func followingActivation(_ c: PlannedChange, work: Companions, state: StateSnapshot) -> [FieldChange] {
        guard c.action == .update else { return [] }
        var fields: [FieldChange] = []
        for rule in work.rules(through: c.address.kind) {
            guard let field = rule.activationField,
                let on = c.fields.first(where: { $0.path == field.path })?.after?.boolValue
            else { continue }
            for (_, record) in state.companions.sorted(by: { $0.key < $1.key })
            where record.through == c.address && record.attached != on {
                let back = restoring(record, setting: rule.setting)
                fields.append(on ? FieldChange(path: back.path, before: back.after, after: back.before) : back)
            }
        }
        return fields
    }
}
