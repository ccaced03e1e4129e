import Foundation

/// Typed reads of request content. JSONSerialization may hand numbers and booleans over as NSNumber.
extension Dictionary where Key == String, Value == Any {
    func bool(_ key: String) -> Bool? {
        if let value = self[key] as? Bool { return value }
        return (self[key] as? NSNumber)?.boolValue
    }

    func int(_ key: String) -> Int? {
        if let value = self[key] as? Int { return value }
        return (self[key] as? NSNumber)?.intValue
    }

    func string(_ key: String) -> String? { self[key] as? String }
}
