import Foundation

/// The primary image column (`entityimage`): accepted formats, size limit and the columns Dataverse derives from it.
enum DataverseImage {
    /// `systemuser.entityimage` allows 10,240 KB.
    static let maximumBytes = 10_240 * 1024

    /// Formats Dataverse accepts for image columns, recognized by their magic bytes.
    static let acceptedKinds: Set<String> = ["png", "jpeg", "gif", "bmp", "tiff"]

    /// Checks a base64 image and sets `entityimage` with its derived columns, or returns the 400 Dataverse sends.
    static func set(_ value: JSON, on record: inout [String: JSON], entity: DataverseEntity, id: String, now: Date) -> TwinResponse? {
        guard let text = value.stringValue else {
            clear(&record)
            return nil
        }
        guard let bytes = Data(base64Encoded: text) else {
            return DataverseError.odata("Cannot convert the literal '\(text.prefix(16))...' to the expected type 'Edm.Binary'.")
        }
        guard bytes.count <= maximumBytes else {
            return DataverseError.response(
                400, code: "0x80072553",
                message: "Failed to process the image: it is \(bytes.count / 1024) KB, more than the \(maximumBytes / 1024) KB "
                    + "allowed for \(entity.logicalName).entityimage.")
        }
        let kind = ImageKind.detect(Array(bytes))
        guard acceptedKinds.contains(kind) else {
            return DataverseError.response(
                400, code: "0x80072553",
                message: "Failed to process the image: the data is not a supported image type (GIF, JPEG, TIFF, BMP or PNG).")
        }
        let timestamp = Int((now.timeIntervalSince1970 + 62_135_596_800) * 10_000_000)
        record["entityimage"] = .string(text)
        record["entityimage_timestamp"] = .int(timestamp)
        record["entityimage_url"] = .string(
            "/Image/download.aspx?Entity=\(entity.logicalName)&Attribute=entityimage&Id=\(id)&Timestamp=\(timestamp)")
        record["entityimageid"] = .string(TwinIDs.guid())
        return nil
    }

    /// Removes the image and its derived columns.
    static func clear(_ record: inout [String: JSON]) {
        for column in ["entityimage", "entityimage_timestamp", "entityimage_url", "entityimageid"] { record[column] = .null }
    }
}
