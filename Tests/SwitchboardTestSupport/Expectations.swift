import SwitchboardModel

/// The `PlatformError` that `body` throws, or nil when it throws nothing or something else.
public func platformError<T>(_ body: () async throws -> T) async -> PlatformError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? PlatformError
    }
}
