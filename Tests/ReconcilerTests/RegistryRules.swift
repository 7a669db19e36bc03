import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace

extension Fixtures {
    /// The plan of `resources` under the registry's rules (each platform's own), as the workspace plans.
    static func plan(
        _ resources: [Resource], state: StateSnapshot = StateSnapshot(lineage: "test-lineage"),
        fingerprints: [Address: [String: String]] = [:]
    ) -> Plan {
        plan(resources, state: state, fingerprints: fingerprints, rules: PlatformRegistry.rules)
    }
}
