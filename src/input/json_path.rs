//! Names the place in a JSON text where a parse stopped, e.g. `customers[3].parentId`,
//! by scanning the text up to that position. One small non-generic scan instead of
//! wrapping every deserializer: it keeps error paths without growing the wasm module.

/// One open container on the way to the position.
enum Frame<'a> {
    Object {
        key: Option<&'a str>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The byte offset of a 1-based `line` and `column` (as serde_json reports them).
pub fn offset_of(json: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        json.match_indices('\n')
            .nth(line - 2)
            .map_or(json.len(), |(at, _)| at + 1)
    };
    (line_start + column).min(json.len())
}

/// The path of the value being read at byte `offset`: `customers[3].parentId`, `[0].id`,
/// or an empty string at the top level.
pub fn path_at(json: &str, offset: usize) -> String {
    let bytes = json.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut at = 0;
    while at < end {
        match bytes[at] {
            b'"' => {
                let start = at + 1;
                at = start;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = json.get(start..at.min(bytes.len()));
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_before(json: &str, marker: &str) -> String {
        path_at(json, json.find(marker).unwrap() + marker.len())
    }

    #[test]
    fn names_keys_and_indices() {
        let json = r#"{"customers":[{"id":"a","name":"A"},{"id":7,"name":"B"}]}"#;
        assert_eq!(path_before(json, "7"), "customers[1].id");
        assert_eq!(path_before(json, r#""A""#), "customers[0].name");
        assert_eq!(path_before(json, r#"{"customers":["#), "customers[0]");
        assert_eq!(path_at(json, 0), "");
        assert_eq!(
            path_before(r#"[{"id":"a","x":{"y":[1,2,"#, "2,"),
            "[0].x.y[2]"
        );
    }

    #[test]
    fn strings_with_escapes_and_structural_characters_are_skipped() {
        let json = r#"[{"name":"a \"[{\" b","id":5"#;
        assert_eq!(path_before(json, "5"), "[0].id");
    }

    #[test]
    fn lines_and_columns_become_offsets() {
        let json = "{\n  \"a\": 1,\n  \"b\": x";
        let offset = offset_of(json, 3, 8);
        assert_eq!(&json[offset - 1..offset], "x");
        assert_eq!(path_at(json, offset), "b");
    }
}
