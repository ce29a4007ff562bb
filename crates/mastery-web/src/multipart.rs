//! Just enough of `multipart/form-data` (RFC 7578) for the one form that uploads a file: the
//! boundary named in the Content-Type, and the parts of a body, each with its field name. The
//! guard reads the first part (the security token) before the upload is read; the upload page
//! reads the file.

use axum::http::{HeaderMap, header};

/// One part of a multipart body.
#[derive(Debug, PartialEq, Eq)]
pub struct Part<'a> {
    /// The form field's name.
    pub name: String,
    /// The name of the chosen file, for a file field.
    pub filename: Option<String>,
    pub data: &'a [u8],
}

/// The boundary of a `multipart/form-data` request; `None` for any other body.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let (kind, parameters) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parameters.split(';').find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        let value = value.trim().trim_matches('"');
        (key.trim().eq_ignore_ascii_case("boundary") && (1..=70).contains(&value.len())).then(|| value.to_owned())
    })
}

/// The part that starts at `from` in `body` (the first one at 0), and where the next one
/// starts; `None` while the body does not hold the whole part yet, or when it is not one.
pub fn part_at<'a>(body: &'a [u8], boundary: &str, from: usize) -> Option<(Part<'a>, usize)> {
    let opening = format!("--{boundary}\r\n");
    let rest = body.get(from..)?.strip_prefix(opening.as_bytes())?;
    let head_end = find(rest, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&rest[..head_end]).ok()?;
    let data_start = head_end + 4;
    let closing = format!("\r\n--{boundary}");
    let data_len = find(&rest[data_start..], closing.as_bytes())?;
    let disposition = head
        .split("\r\n")
        .find_map(|line| {
            line.split_once(':').filter(|(name, _)| name.trim().eq_ignore_ascii_case("content-disposition"))
        })
        .map(|(_, value)| value)?;
    let name = parameter(disposition, "name")?;
    let filename = parameter(disposition, "filename");
    let next = from + opening.len() + data_start + data_len + 2;
    Some((Part { name, filename, data: &rest[data_start..data_start + data_len] }, next))
}

/// Every part of a whole body.
pub fn parts<'a>(body: &'a [u8], boundary: &str) -> Vec<Part<'a>> {
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some((part, next)) = part_at(body, boundary, from) {
        parts.push(part);
        from = next;
    }
    parts
}

/// A quoted parameter of a Content-Disposition value: `name="csrf"`.
fn parameter(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').find_map(|item| {
        let (name, value) = item.split_once('=')?;
        (name.trim() == key).then(|| value.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nsecret\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mastery.json\"\r\n\
Content-Type: application/json\r\n\r\n{\"a\":\r\n1}\r\n--XyZ--\r\n";

    #[test]
    fn the_parts_are_read_with_their_names_and_a_partial_body_waits() {
        let parts = parts(BODY, "XyZ");
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].data), ("csrf", &b"secret"[..]));
        assert_eq!(parts[1].filename.as_deref(), Some("mastery.json"));
        assert_eq!(parts[1].data, b"{\"a\":\r\n1}");
        assert!(part_at(&BODY[..40], "XyZ", 0).is_none(), "the first part is not whole yet");
        assert!(part_at(BODY, "Other", 0).is_none());
    }

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "multipart/form-data; boundary=----WebKitFormBoundaryA1".parse().unwrap());
        assert_eq!(boundary(&headers).as_deref(), Some("----WebKitFormBoundaryA1"));
        headers.insert(header::CONTENT_TYPE, "application/x-www-form-urlencoded".parse().unwrap());
        assert_eq!(boundary(&headers), None);
    }
}
