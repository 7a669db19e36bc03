/// The shape of an E.164 phone number, the one check the manifest rules and the simulated platforms share.
public enum E164 {
    /// True for `+` followed by 7 to 15 ASCII digits, the first not 0.
    public static func isValid(_ s: String) -> Bool {
        let b = s.utf8
        guard b.first == 0x2B else { return false }
        let digits = b.dropFirst()
        guard (7...15).contains(digits.count), let first = digits.first, first != 0x30 else { return false }
        return digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
