import Foundation

/// A value shared between a test and its closures. Safe: every access holds the lock, and the value never
/// escapes it except as a copy.
public final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()

    /// Wraps `value`.
    public init(_ value: T) { self.value = value }

    /// Runs `body` on the value under the lock.
    public func with<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    /// A copy of the value.
    public var get: T { with { $0 } }
}

extension Locked where T: RangeReplaceableCollection {
    /// Appends `element` under the lock (progress lines, requests seen).
    public func append(_ element: T.Element) { with { $0.append(element) } }
}
