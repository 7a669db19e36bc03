import SwitchboardModel
import Testing

/// The helpers every module shares: edit distance and the E.164 shape.
@Suite struct SharedHelpersTests {
    @Test func distanceStopsAtTheLimit() {
        #expect(EditDistance.distance("plan", "plan") == 0)
        #expect(EditDistance.distance("plna", "plan") == 2)
        #expect(EditDistance.distance("", "ab") == 2)
        #expect(EditDistance.distance("apply", "plan") == nil)
        #expect(EditDistance.distance("abcdef", "abcxyz", limit: 4) == 3)
    }

    @Test func suggestionPrefersCaseAndThenTheAlphabet() {
        #expect(EditDistance.suggestion(for: "contentprofile", among: ["contentProfile", "contentProfiles"])
            == "contentProfile")
        #expect(EditDistance.suggestion(for: "ab", among: ["ac", "aa"]) == "aa")
        #expect(EditDistance.suggestion(for: "plan", among: ["plan"]) == nil)
        #expect(EditDistance.didYouMean("regoin", among: ["region", "enabled"]) == "did you mean 'region'?")
    }

    @Test func nearestKeepsTheFirstOfEqualCandidates() {
        #expect(EditDistance.nearest(to: "ab", among: ["ac", "aa"]) == "ac")
        #expect(EditDistance.nearest(to: "plan", among: ["validate", "apply"]) == nil)
        #expect(EditDistance.nearest(to: "x", among: [1, 22, 3]) { "\($0)" } == 1)
    }

    @Test(arguments: [
        ("+14155550123", true), ("+1234567", true), ("+123456789012345", true),
        ("+123456", false), ("+1234567890123456", false), ("+04155550123", false), ("14155550123", false),
        ("+1415555012a", false), ("+١٤١٥٥٥٥٠١٢٣", false), ("", false),
    ])
    func e164(_ text: String, _ valid: Bool) {
        #expect(E164.isValid(text) == valid)
    }
}
