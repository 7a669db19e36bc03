import Testing

@testable import SwitchboardModel

/// `Address <` compares parts without building strings; it must keep the order of the `Kind/name` text.
@Suite struct AddressOrderTests {
    static let names = ["a", "a-b", "a0", "ab", "b", "z", "0", "9x", "A", "é", "e\u{301}", "-", "x/y", ""]

    @Test func partsOrderEqualsTextOrder() {
        let addresses = Kind.allCases.flatMap { k in Self.names.map { Address(k, $0) } }
        for a in addresses {
            for b in addresses {
                #expect((a < b) == (a.description < b.description), "\(a) < \(b)")
            }
        }
    }

    @Test func kindOrderIsDeclarationOrder() {
        for (i, a) in Kind.allCases.enumerated() {
            for (j, b) in Kind.allCases.enumerated() { #expect((a < b) == (i < j)) }
        }
    }
}
