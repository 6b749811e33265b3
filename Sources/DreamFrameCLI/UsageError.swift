import ArgumentParser
import DreamFrameCore

/// Runs `body`, turning a ``ConfigurationError`` into ArgumentParser's usage error, so a bad setting prints which
/// flag and what was expected and exits 64 (EX_USAGE) like a bad flag does.
public func asUsageError<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ConfigurationError {
        throw ValidationError(error.description)
    }
}

/// The synchronous form of ``asUsageError(_:)-(()async throws->T)``.
public func asUsageError<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ConfigurationError {
        throw ValidationError(error.description)
    }
}
