import Foundation
import SwitchboardModel
import Testing

@testable import ManifestLoading

/// The loader's diagnostic codes are the documented ones.
@Suite struct DiagnosticsTests {
    @Test(arguments: DiagnosticCode.allCases)
    func everyCodeIsDocumented(_ code: DiagnosticCode) throws {
        let manual = try String(contentsOfFile: ExamplesTests.packageRoot + "/docs/manifests.md", encoding: .utf8)
        #expect(manual.contains("`\(code.rawValue)`"), "docs/manifests.md does not describe \(code.rawValue)")
    }

    @Test func factoriesLeaveThePlaceToTheReporter() {
        let here = SourceLocation(file: "m.yaml", line: 3, column: 5)
        let e164 = Diagnostic.notE164("'+0'").placed(at: here, path: "spec.phoneNumber")
        #expect(e164.code == "number.e164")
        #expect(e164.location == here)
        #expect(e164.path == "spec.phoneNumber")
        #expect(Diagnostic.missingField("x", code: .numberCompliance).code == "number.compliance")
        let duplicate = Diagnostic.duplicateKey("a", first: SourceLocation(file: "m.yaml", line: 1, column: 1))
        #expect(duplicate.code == "yaml.duplicate-key")
        #expect(duplicate.location == nil)
        #expect(duplicate.notes.map { $0.code } == ["yaml.duplicate-key"])
        #expect(duplicate.notes.first?.location?.line == 1)
        #expect(duplicate.hint == "remove one of the two; the first is at line 1")
    }
}
