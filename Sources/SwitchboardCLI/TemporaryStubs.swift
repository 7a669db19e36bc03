import SwitchboardModel
import ManifestLoading

// Replaced when the reviews and validate branches merge.
enum MarkdownPlanRenderer {
    static func render(_ plan: Plan) -> String { "" }
}
