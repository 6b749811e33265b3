import ArgumentParser
import Clients
import Foundation

extension Settings {
    /// The RabbitMQ management API root for the commands that read unacknowledged counts (`status`, `wait`,
    /// `console`): `--management-url` / `DREAMFRAME_MANAGEMENT_URL` / `management_url`, else derived from the first
    /// broker URL (``Clients/AMQPURL/derivedManagementURL``: same host, AMQP port + 10000).
    public func managementURL() throws -> URL {
        guard let given = source.string(.managementURL) else { return brokerURL.derivedManagementURL }
        guard let url = URL(string: given), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("\(SettingKey.managementURL.flag): expected a URL such as http://broker:15672, got '\(given.prefix(80))'")
        }
        return url
    }
}
