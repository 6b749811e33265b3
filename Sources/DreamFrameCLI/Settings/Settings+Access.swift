import Clients
import DreamFrameCore
import Foundation

extension Settings {
    /// Checks, once at start, that Redis and the broker accept this process's credentials (and, for `amqps://`,
    /// that TLS trust holds): a wrong password, user, ACL or CA stops the process with a configuration error that
    /// names the setting, instead of an outage it would wait out for ever.
    ///
    /// A service that cannot be reached is not an error here: processes start before their services and ride out
    /// outages.
    ///
    /// - Throws: ``ConfigurationError`` naming `--redis-url` or `--broker-url` and what the service answered.
    public func checkAccess() async throws {
        let redisURL = redisURL, broker = broker
        do {
            try await BlockingWork.run { try RedisClient.checkAccess(redisURL) }
        } catch RedisError.accessDenied(let why) {
            throw ConfigurationError.invalid("--redis-url (or DREAMFRAME_REDIS_URL)", value: redisURL.description,
                                             expected: "credentials this Redis accepts for the commands DreamFrame "
                                                + "sends; it answered: \(why)")
        } catch {
            // Unreachable: an outage, handled where the connection is used.
        }
        do {
            try await BlockingWork.run { try broker.checkAccess() }
        } catch BrokerError.accessDenied(let why) {
            throw ConfigurationError.invalid("--broker-url (or DREAMFRAME_BROKER_URL)", value: broker.description,
                                             expected: "credentials and TLS files this broker accepts; it answered: "
                                                + why)
        }
    }
}
