import SwitchboardCLI
import SwitchboardModel
import Testing

@Suite struct GraphRendererTests {
    @Test func dotMatchesGolden() throws {
        try Golden.check(GraphRenderer.dot(PlanFixtures.set), "graph.dot")
    }

    @Test func clustersPerPlatformAndEdgesPerReference() {
        let dot = GraphRenderer.dot(PlanFixtures.set)
        #expect(dot.hasPrefix("digraph switchboard {\n"))
        #expect(dot.contains("subgraph cluster_genesys {\n        label=\"genesys (genesys-cloud)\";"))
        #expect(dot.contains("subgraph cluster_dynamics {\n        label=\"dynamics (dynamics-365)\";"))
        #expect(dot.contains("\"Number/sf-store\" -> \"Integration/byo-twilio-sms\";"))
        #expect(dot.contains("\"Workstream/returns-english\" -> \"Template/order-shipped\";"))
        #expect(dot.contains("\"ContentProfile/whatsapp-media\" -> \"ContentProfile/sms-media\";"))
        let edges = PlanFixtures.set.resources.reduce(0) { $0 + $1.references.count }
        #expect(dot.components(separatedBy: " -> ").count - 1 == edges)
    }

    @Test func outputIsDeterministic() {
        var shuffled = PlanFixtures.set
        shuffled.resources.reverse()
        #expect(GraphRenderer.dot(shuffled) == GraphRenderer.dot(PlanFixtures.set))
    }

    @Test func missingReferencesAreDashedAndNamesAreQuoted() {
        var set = PlanFixtures.set
        set.project = Project(
            name: "p", platforms: ["genesys-emea": PlatformConnection(name: "genesys-emea", type: .genesysCloud)])
        set.resources = [
            Resource(
                address: Address(.number, "n1"), platform: "genesys-emea",
                spec: .number(.init(integration: "gone", type: .local, phoneNumber: "+14155550123")))
        ]
        let dot = GraphRenderer.dot(set)
        #expect(dot.contains("subgraph cluster_genesys_emea {"))
        #expect(dot.contains("label=\"genesys-emea (genesys-cloud)\""))
        #expect(
            dot.contains(
                "\"Integration/gone\" [label=\"Integration\\ngone\\n(missing)\", shape=component, style=dashed];"))
    }
}
