//! The code emitted for every fixture spec compiles without a warning, clippy
//! included, and the identifier obstacle course round-trips every wire name.
//! Each fixture, and each OpenAPI fixture as `specgen import` gives it,
//! becomes a crate of a scratch workspace checked in one go.

mod common;
mod scratch;

use std::path::Path;

const ROUNDTRIP: &str = r#"
use specgen_fixture_awkward_identifiers::demo::types::{Match, Type};

#[test]
fn wire_names_round_trip() {
    let json = serde_json::json!({
        "type": "t", "self": "s", "async": true, "gen": false, "2fa": true,
        "content-type": "c", "a.b": "d", "größe": 7, "camelCase": "x", "x²": 2
    });
    let value: Type = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(value.type_.as_deref(), Some("t"));
    assert_eq!(value.größe, Some(7));
    assert_eq!(value.x, Some(2));
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    for wire in ["Self", "1080p", "com.au", "in progress", "unknown value"] {
        let m: Match = serde_json::from_value(serde_json::json!(wire)).unwrap();
        assert_eq!(serde_json::to_value(&m).unwrap(), serde_json::json!(wire));
    }
    assert_eq!(Match::from("com.au"), Match::ComAu);
}
"#;

/// The several-responses fixture against a local server: each status gives
/// its own result, and a binary body comes with its content type.
const MAPS: &str = r#"
use specgen_fixture_maps::demo::types::{Label, LabelsByName};

#[test]
fn maps_and_extra_keys_round_trip() {
    let json = serde_json::json!({
        "name": "n", "tags": {"a": "1", "b": "2"}, "scores": {"judge": [{"value": 9.5}]},
        "meta": {"x": [1, {"y": null}]}, "likes": 3, "views": 40
    });
    let label: Label = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(label.tags.as_ref().unwrap()["b"], "2");
    assert_eq!(label.scores.as_ref().unwrap()["judge"][0].value, 9.5);
    assert_eq!(label.extra.len(), 2);
    assert_eq!(label.extra["views"], 40);
    assert_eq!(serde_json::to_value(&label).unwrap(), json);
    // An extra key of the wrong type is an error, never dropped.
    assert!(serde_json::from_value::<Label>(serde_json::json!({"name": "n", "likes": "many"})).is_err());
    let by_name: LabelsByName = serde_json::from_value(serde_json::json!({"a": {"name": "a"}})).unwrap();
    assert_eq!(by_name["a"].name, "a");
}

/// A map's entry count and its keys' pattern and length are checked before sending.
#[tokio::test]
async fn map_keys_and_entries_are_checked_before_sending() {
    use specgen_fixture_maps::demo::{Client, Server};
    use specgen_fixture_maps::runtime::Error;
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "n"})))
        .mount(&server)
        .await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    let label = |tags: &[&str]| {
        let tags = tags.iter().map(|k| (k.to_string(), "v".to_owned())).collect();
        Label { name: "n".into(), color: None, tags: Some(tags), scores: None, meta: None, extra: Default::default() }
    };
    let refused = |result: Result<Label, Error<_>>| match result {
        Err(Error::Validation(e)) => format!("{}: {}", e.field, e.reason),
        other => panic!("{other:?}"),
    };
    let send = |l: Label| client.put_label("n", l).send();
    assert_eq!(
        refused(send(label(&["a", "b", "c", "d"])).await),
        "tags: has 4 entries, more than the 3 allowed"
    );
    assert_eq!(
        refused(send(label(&["a", "Big"])).await),
        "tags: has the key \"Big\", which does not match `^[a-z]+$`"
    );
    assert_eq!(
        refused(send(label(&["abcdefghi"])).await),
        "tags: has the key \"abcdefghi\" of 9 characters, outside ..=8"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    send(label(&["a", "b"])).await.unwrap();
}
"#;

/// A union of an object, an array and scalars: each value decodes as its
/// own variant (an integer as `Integer`, not `Number`) and is written back
/// as it came.
const ONE_OF: &str = r##"
use specgen_fixture_one_of::demo::types::{Start, Target};

#[test]
fn each_kind_decodes_as_its_own_variant() {
    let cases = [
        (serde_json::json!({"name": "n"}), "Start"),
        (serde_json::json!(["a", "b"]), "Ids"),
        (serde_json::json!("a"), "String"),
        (serde_json::json!(3), "Integer"),
        (serde_json::json!(2.5), "Number"),
        (serde_json::json!(true), "Boolean"),
    ];
    for (json, variant) in cases {
        let value: Target = serde_json::from_value(json.clone()).unwrap();
        let got = match &value {
            Target::Start(_) => "Start",
            Target::Ids(_) => "Ids",
            Target::String(_) => "String",
            Target::Integer(_) => "Integer",
            Target::Number(_) => "Number",
            Target::Boolean(_) => "Boolean",
        };
        assert_eq!(got, variant, "{json}");
        assert_eq!(serde_json::to_value(&value).unwrap(), json);
    }
    assert_eq!(Target::Start(Start { name: "n".into() }), serde_json::from_str(r#"{"name":"n"}"#).unwrap());
    assert!(serde_json::from_value::<Target>(serde_json::json!(null)).is_err());
}
"##;

/// Every kind of form part on the wire: a JSON part (`application/json`,
/// in spec order), one part per file and per value of an array, a union of
/// scalars as text, and repeated fields in a URL-encoded form.
const MULTIPART: &str = r##"
use specgen_fixture_multipart::demo::{types::{Attributes, Kind, Message, Ping, Reply, Version}, Client, Server};
use specgen_fixture_multipart::runtime::FilePart;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_part_goes_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/things/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"total": 1})))
        .mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    let attributes = Attributes { name: "a.png".into(), folder: Some("0".into()) };
    let pages = vec![FilePart::from_bytes(&b"p1"[..], "1.png"), FilePart::from_bytes(&b"p2"[..], "2.png")];
    client
        .upload("t1", attributes, FilePart::from_bytes(&b"img"[..], "a.png"), Kind::Photo, 3)
        .file_x_checksum("abc")
        .attributes_x_schema_version(2)
        .pages(pages)
        .labels(vec!["x".to_owned(), "y".to_owned()])
        .version(Version::Integer(2))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[0].body).into_owned();
    let lower = body.to_ascii_lowercase();
    let json_part = lower.find(
        "name=\"attributes\"\r\ncontent-type: application/json\r\nx-schema-version: 2\r\n\r\n{\"name\":\"a.png\",\"folder\":\"0\"}\r\n",
    );
    let file_part = lower.find("name=\"file\"");
    // Each part carries the headers documented for it.
    assert!(lower.contains("name=\"file\"; filename=\"a.png\"\r\ncontent-type: image/png\r\nx-checksum: abc\r\n"), "{body}");
    assert!(json_part.is_some() && json_part < file_part, "{body}");
    assert_eq!(body.matches("name=\"pages\"").count(), 2, "{body}");
    assert!(body.contains("p1") && body.contains("p2"));
    assert_eq!(body.matches("name=\"labels\"").count(), 2, "{body}");
    assert!(!body.contains("name=\"meta\""), "an unset part is left out: {body}");
    assert!(body.contains("name=\"version\"\r\n\r\n2\r\n"), "a union of scalars is text: {body}");

    // A page over its limit fails before anything is sent.
    let big = vec![FilePart::from_bytes(vec![0u8; 2 << 20], "big.png")];
    let attributes = Attributes { name: "b".into(), folder: None };
    let err = client.upload("t1", attributes.clone(), FilePart::from_bytes(&b"img"[..], "a.png"), Kind::Photo, 3)
        .file_x_checksum("abc").pages(big).send().await.unwrap_err();
    assert!(err.to_string().contains("pages"), "{err}");
    // So does a part without a header the spec requires of it, or with a line break in one.
    let err = client.upload("t1", attributes.clone(), FilePart::from_bytes(&b"img"[..], "a.png"), Kind::Photo, 3)
        .send().await.unwrap_err();
    assert!(err.to_string().contains("`x-checksum` header is required"), "{err}");
    let err = client.upload("t1", attributes, FilePart::from_bytes(&b"img"[..], "a.png"), Kind::Photo, 3)
        .file_x_checksum("abc\r\nx-evil: 1").send().await.unwrap_err();
    assert!(err.to_string().contains("`x-checksum` header is not a valid value"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let within = Attributes { name: "a b".into(), folder: Some("x".into()) };
    let extra = serde_json::json!({"a": [1, "x y"], "b": null, "c": true});
    let matches = client.search("a:b").kinds(vec![Kind::Photo, Kind::Video]).within(within).extra(extra)
        .send().await.unwrap();
    assert_eq!(matches.total, 1);
    let requests = server.received_requests().await.unwrap();
    let form = String::from_utf8_lossy(&requests[1].body).into_owned();
    assert_eq!(
        form,
        "criteria=a%3Ab&kinds=photo&kinds=video&within%5Bfolder%5D=x&within%5Bname%5D=a+b\
         &extra%5Ba%5D%5B0%5D=1&extra%5Ba%5D%5B1%5D=x+y&extra%5Bc%5D=true"
    );
}

#[tokio::test]
async fn fields_the_caller_names_go_out_after_the_named_ones() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/things/t1/tags"))
        .respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("POST")).and(path("/things/t1/notes"))
        .respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    client.tag("t1").extra_field("color", "red").extra_field("a b", "x&y").extra_field("color", "blue")
        .send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(String::from_utf8_lossy(&requests[0].body), "color=red&a+b=x%26y&color=blue");

    let attributes = Attributes { name: "a.png".into(), folder: None };
    client.annotate("t1", "hi").extra_field("größe 1", attributes.clone()).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[1].body).to_ascii_lowercase();
    let note = body.find("name=\"note\"\r\n\r\nhi\r\n");
    // A name goes out as it is, UTF-8 and spaces included (RFC 7578), never as `name*=`.
    let extra = body.find("name=\"größe 1\"\r\ncontent-type: application/json\r\n\r\n{\"name\":\"a.png\"}\r\n");
    assert!(note.is_some() && extra.is_some() && note < extra, "{body}");
    assert!(!body.contains("name*="), "{body}");

    // A part's media type is the spec's, and a file's own wins over it.
    client.annotate("t1", "hi").offer("v=0").scan(FilePart::from_bytes(&b"%PDF"[..], "scan")).send().await.unwrap();
    client
        .annotate("t1", "hi")
        .scan(FilePart::from_bytes(&b"GIF8"[..], "scan").content_type("image/gif"))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[2].body).to_ascii_lowercase();
    assert!(body.contains("name=\"offer\"\r\ncontent-type: application/sdp\r\n\r\nv=0\r\n"), "{body}");
    assert!(body.contains("filename=\"scan\"\r\ncontent-type: application/pdf\r\n"), "{body}");
    let body = String::from_utf8_lossy(&requests[3].body).to_ascii_lowercase();
    assert!(body.contains("filename=\"scan\"\r\ncontent-type: image/gif\r\n"), "{body}");

    // A name that would break out of its part header fails before sending.
    for bad in ["a\"b", "a\r\nx-evil: 1"] {
        let err = client.annotate("t1", "hi").extra_field(bad, attributes.clone()).send().await.unwrap_err();
        assert!(err.to_string().contains("part name with a control character"), "{err}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn a_union_sent_as_a_form_sends_its_members_keys() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/things/t1/replies"))
        .respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    let message = Message {
        content: "hi there".into(),
        tags: Some(vec!["a".into(), "b".into()]),
        embed: Some(Attributes { name: "x.png".into(), folder: None }),
    };
    client.reply_form("t1", Reply::Message(message.clone())).send().await.unwrap();
    client.reply_form("t1", Reply::Ping(Ping { ping: true })).send().await.unwrap();
    client.reply("t1", Reply::Message(message)).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "content=hi+there&embed%5Bname%5D=x.png&tags%5B0%5D=a&tags%5B1%5D=b"
    );
    assert_eq!(String::from_utf8_lossy(&requests[1].body), "ping=true");
    let body = String::from_utf8_lossy(&requests[2].body).to_ascii_lowercase();
    assert!(body.contains("name=\"content\"\r\n\r\nhi there\r\n"), "{body}");
    assert!(body.contains("name=\"embed\"\r\ncontent-type: application/json\r\n\r\n{\"name\":\"x.png\"}\r\n"), "{body}");
    assert_eq!(body.matches("name=\"tags\"").count(), 2, "one part per tag: {body}");
}
"##;

/// Parameters on the wire: arrays repeated or comma-separated, an object by
/// its keys (deep or not), a union of scalars as text, an array header
/// comma-separated, cookies in one header.
const QUERY_ARRAYS: &str = r##"
use specgen_fixture_query_arrays::demo::{types::{Range, Status, Version}, Client, Server};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_parameter_goes_out_as_documented() {
    let server = MockServer::start().await;
    // Dates and times in a sloppier format than documented decode, and are kept as they came.
    let body = serde_json::json!({"count": 1, "updated_at": "2024-05-01 12:30", "day": "2024-05-01", "opens_at": 28800});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    let labels = std::collections::BTreeMap::from([("color".to_owned(), "red".to_owned())]);
    let result = client
        .search(vec![1, 2])
        .fields(vec!["a".to_owned(), "b,c".to_owned()])
        .words(vec!["hello".to_owned(), "big world".to_owned()])
        .tags(vec!["x|y".to_owned(), "z".to_owned()])
        .status(vec![Status::Active])
        .filters(vec![Range { gt: Some(1), lt: Some(9) }])
        .created(Range { gt: Some(5), lt: None })
        .labels(labels)
        .version(Version::String("latest".into()))
        .since("2024-05-01T12:30:00Z")
        .x_beta(vec!["x".to_owned(), "y".to_owned()])
        .session("abc")
        .theme(2)
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("ids=1&ids=2&fields=a,b%2Cc&words=hello%20big+world&tags=x%7Cy|z&status=ACTIVE&filters=%5B%7B%22gt%22%3A1%2C%22lt%22%3A9%7D%5D&created%5Bgt%5D=5&color=red&version=latest&since=2024-05-01T12%3A30%3A00Z")
    );
    assert_eq!(requests[0].headers.get("x-beta").unwrap(), "x,y");
    assert_eq!(requests[0].headers.get("cookie").unwrap(), "session=abc; theme=2");
    let updated = result.updated_at.as_ref().unwrap();
    assert_eq!(updated.as_str(), "2024-05-01 12:30");
    assert_eq!(updated.to_offset_date_time().unwrap().unix_timestamp(), 1_714_566_600);
    assert_eq!(result.day.as_ref().unwrap().to_date().unwrap().day(), 1);
    assert!(result.opens_at.as_ref().unwrap().to_time().is_err(), "a number is no time of day, but it is kept");
    assert_eq!(serde_json::to_value(&result).unwrap()["opens_at"], "28800");
    // A cookie value that cannot be sent fails before anything goes out.
    let err = client.search(vec![1]).session("a;b").send().await.unwrap_err();
    assert!(err.to_string().contains("session"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
"##;

/// Text responses: read whole as a `String`; a body that is not UTF-8 is a
/// decode error that keeps the body.
const BINARY_RESPONSE: &str = r##"
use specgen_fixture_binary_response::demo::{Client, Server};
use specgen_fixture_binary_response::runtime::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn text_is_read_whole_and_bad_text_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/records/export"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("id,name\n1,ünï\n", "text/csv"))
        .mount(&server).await;
    Mock::given(method("GET")).and(path("/notes"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(&b"caf\xE9"[..], "text/plain; charset=latin1"))
        .mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    assert_eq!(client.export().send().await.unwrap(), "id,name\n1,ünï\n");
    match client.read_notes().send().await {
        Err(Error::Decode(e)) => assert_eq!(&e.body[..], b"caf\xE9"),
        other => panic!("{other:?}"),
    }
}
"##;

/// Server-sent events: each event decoded in order, the end marker ending
/// the stream, an event that does not decode kept in its error, a broken
/// feed resumed after its last event, an endless event refused.
const EVENT_STREAM: &str = r##"
use specgen_fixture_event_stream::demo::{Client, Server};
use specgen_fixture_event_stream::runtime::Error;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base: String) -> Client {
    Client::builder().token("t").server_url(Server::Default, base).build().unwrap()
}

#[tokio::test]
async fn events_come_in_order_until_the_end_marker() {
    let server = MockServer::start().await;
    let body = "data: {\"index\":0,\"delta\":\"Hel\"}\n\n: a comment\n\ndata: not json\n\n\
                event: chunk\ndata: {\"index\":1,\r\ndata: \"delta\":\"lo\"}\r\n\r\n\
                data: [DONE]\n\ndata: {\"index\":2,\"delta\":\"after the end\"}\n\n";
    Mock::given(method("POST")).and(path("/chat/completions")).and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .expect(1).mount(&server).await;
    let mut events = client(server.uri()).complete_stream("Hi").stream(true).send().await.unwrap();
    let first = events.next_event().await.unwrap().unwrap();
    assert_eq!((first.index, first.delta.as_str()), (0, "Hel"));
    match events.next_event().await.unwrap() {
        Err(Error::Decode(e)) => assert_eq!(&e.body[..], b"not json"),
        other => panic!("{other:?}"),
    }
    // A data field over two lines is one event, its lines joined by a newline.
    let second = events.next_event().await.unwrap().unwrap();
    assert_eq!((second.index, second.delta.as_str()), (1, "lo"));
    assert!(events.next_event().await.is_none(), "the marker ends the stream");
    let sent: serde_json::Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent, serde_json::json!({"prompt": "Hi", "stream": true}));
}

#[tokio::test]
async fn the_typed_mocks_of_one_path_answer_json_and_events_apart() {
    use specgen_fixture_event_stream::demo::mock::MockServer as TypedMock;
    use specgen_fixture_event_stream::demo::types::{Chunk, Completion};
    let mock = TypedMock::start().await;
    let client = mock.client().unwrap();
    mock.complete().returns(Completion { text: "whole".into() }).times(1).await;
    let chunk = |index: i64| Chunk { index, delta: format!("part {index}") };
    mock.complete_stream().returns(vec![chunk(0), chunk(1)]).times(1).await;
    let events = client.complete_stream("Hi").send().await.unwrap().collect_events().await.unwrap();
    assert_eq!(events.iter().map(|c| c.delta.as_str()).collect::<Vec<_>>(), ["part 0", "part 1"]);
    assert_eq!(client.complete("Hi").send().await.unwrap().text, "whole");
}

/// A server on loopback that answers each connection with the next of
/// `answers` (raw HTTP), and gives back the requests' heads.
async fn raw_server(answers: Vec<Vec<u8>>) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut heads = Vec::new();
        for answer in answers {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.unwrap();
                assert!(n > 0, "the request ended early");
                head.extend_from_slice(&buf[..n]);
            }
            heads.push(String::from_utf8_lossy(&head).to_lowercase());
            socket.write_all(&answer).await.unwrap();
            socket.flush().await.unwrap();
            // Dropped: a chunked body without its last chunk is cut off.
        }
        heads
    });
    (base, task)
}

/// A chunked answer with the events, cut off (no last chunk) unless `whole`.
fn chunked(events: &str, whole: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{events}\r\n",
        events.len()
    )
    .into_bytes();
    if whole {
        out.extend_from_slice(b"0\r\n\r\n");
    }
    out
}

#[tokio::test]
async fn a_broken_feed_resumes_after_its_last_event() {
    let (base, server) = raw_server(vec![
        chunked("id: 1\ndata: {\"seq\":1}\n\nid: 2\nretry: 10\ndata: {\"seq\":2}\n\n", false),
        chunked("id: 3\ndata: {\"seq\":3}\n\n", true),
    ])
    .await;
    let events = client(base).follow("news").send().await.unwrap().collect_events().await.unwrap();
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let heads = server.await.unwrap();
    assert!(!heads[0].contains("last-event-id"), "{}", heads[0]);
    assert!(heads[1].starts_with("get /feed?topic=news "), "{}", heads[1]);
    assert!(heads[1].contains("\r\nlast-event-id: 2\r\n"), "{}", heads[1]);
    assert!(heads[1].contains("\r\naccept: text/event-stream\r\n"), "{}", heads[1]);
}

#[tokio::test]
async fn a_broken_stream_that_cannot_resume_ends_with_the_error() {
    let (base, server) = raw_server(vec![chunked("data: {\"index\":0,\"delta\":\"a\"}\n\n", false)]).await;
    let mut events = client(base).complete_stream("Hi").send().await.unwrap();
    assert_eq!(events.next_event().await.unwrap().unwrap().delta, "a");
    match events.next_event().await {
        Some(Err(Error::Transport(_))) => {}
        other => panic!("{other:?}"),
    }
    assert!(events.next_event().await.is_none());
    assert_eq!(server.await.unwrap().len(), 1);
}

#[tokio::test]
async fn json_lines_come_one_a_line_until_the_end_marker() {
    let server = MockServer::start().await;
    let body = "{\"seq\":1}\r\n\n  \nnot json\n{\"seq\":2}\nEND\n{\"seq\":3}\n";
    Mock::given(method("GET")).and(path("/changes.ndjson")).and(header("accept", "application/x-ndjson"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/x-ndjson"))
        .expect(1).mount(&server).await;
    let mut lines = client(server.uri()).export_changes().send().await.unwrap();
    assert_eq!(lines.next_event().await.unwrap().unwrap().seq, 1);
    match lines.next_event().await.unwrap() {
        Err(Error::Decode(e)) => assert_eq!(&e.body[..], b"not json"),
        other => panic!("{other:?}"),
    }
    assert_eq!(lines.next_event().await.unwrap().unwrap().seq, 2);
    assert!(lines.next_event().await.is_none(), "the marker ends the stream");
}

#[tokio::test]
async fn the_last_line_needs_no_newline_and_an_endless_line_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/changes.ndjson"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"seq\":1}\n{\"seq\":2}", "application/x-ndjson"))
        .mount(&server).await;
    let lines = client(server.uri()).export_changes().send().await.unwrap().collect_events().await.unwrap();
    assert_eq!(lines.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2]);
    let endless = format!("{{\"seq\":{}", "1".repeat(5000));
    let (base, _server) = raw_server(vec![chunked(&endless, true)]).await;
    let client = Client::builder().token("t").server_url(Server::Default, base).max_response_body(1024).build().unwrap();
    match client.export_changes().send().await.unwrap().next_event().await {
        Some(Err(Error::TooLarge(e))) => assert_eq!(e.limit, 1024),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_typed_mock_answers_json_lines() {
    use specgen_fixture_event_stream::demo::mock::MockServer as TypedMock;
    use specgen_fixture_event_stream::demo::types::Change;
    let mock = TypedMock::start().await;
    mock.export_changes().returns(vec![Change { seq: 4 }, Change { seq: 5 }]).times(1).await;
    let lines = mock.client().unwrap().export_changes().send().await.unwrap().collect_events().await.unwrap();
    assert_eq!(lines.iter().map(|c| c.seq).collect::<Vec<_>>(), [4, 5]);
}

#[tokio::test]
async fn an_endless_event_is_refused() {
    let endless = format!("data: {}", "x".repeat(5000));
    let (base, _server) = raw_server(vec![chunked(&endless, true)]).await;
    let client = Client::builder().token("t").server_url(Server::Default, base).max_response_body(1024).build().unwrap();
    let mut events = client.complete_stream("Hi").send().await.unwrap();
    match events.next_event().await {
        Some(Err(Error::TooLarge(e))) => assert_eq!(e.limit, 1024),
        other => panic!("{other:?}"),
    }
}
"##;

/// Errors by status class and `default`, and typed error bodies: each
/// response goes to the variant of its exact status first, then its class,
/// then `default`; `body()` decodes the body its status documents.
const TYPED_ERRORS: &str = r##"
use specgen_fixture_typed_errors::demo::things::{RenameThingError, RenameThingErrorBody};
use specgen_fixture_typed_errors::demo::{Client, Server};
use specgen_fixture_typed_errors::runtime::{Error, OperationError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer(status: u16, body: &str) -> Error<RenameThingError> {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).and(path("/things/a"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    client.rename_thing("a").send().await.unwrap_err()
}

#[tokio::test]
async fn each_status_finds_its_variant_and_its_body() {
    match answer(409, r#"{"code": 7, "field": "name"}"#).await {
        Error::Api(e @ RenameThingError::Code7(_)) => {
            assert_eq!(e.documented_status(), Some(409));
            let Some(RenameThingErrorBody::Problem(problem)) = e.body() else { panic!("{:?}", e.body()) };
            assert_eq!((problem.code, problem.field.as_deref()), (7, Some("name")));
        }
        other => panic!("{other:?}"),
    }
    match answer(501, r#"{"retry_after": 30}"#).await {
        Error::Api(e @ RenameThingError::ServerError(_)) => {
            let Some(RenameThingErrorBody::Outage(outage)) = e.body() else { panic!("{:?}", e.body()) };
            assert_eq!(outage.retry_after, Some(30));
        }
        other => panic!("{other:?}"),
    }
    // The exact status goes first; a 4xx without the class's code is `default`'s.
    assert!(matches!(answer(404, "{}").await, Error::Api(RenameThingError::NotFound(_))));
    match answer(418, r#"{"code": 8}"#).await {
        Error::Api(e @ RenameThingError::Default(_)) => assert!(e.body().is_none()),
        other => panic!("{other:?}"),
    }
    // A body that is not the documented type is kept, not decoded.
    match answer(409, r#"{"code": "seven"}"#).await {
        Error::Api(e) => {
            assert!(e.body().is_none());
            assert_eq!(&e.api_error().body[..], br#"{"code": "seven"}"#);
        }
        other => panic!("{other:?}"),
    }
}
"##;

/// Security schemes besides the token: API keys in a header, the query or
/// a cookie, HTTP Basic; alternatives and combinations; a public operation;
/// credentials missing fail before sending; another origin gets none.
const PAGINATION: &str = r##"
use specgen_fixture_pagination::demo::{Client, Server};
use specgen_fixture_pagination::runtime::{Error, Stream};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every item of a listing, or the error that ended it.
async fn collect<T, E>(stream: impl Stream<Item = Result<T, E>>) -> (Vec<T>, Option<E>) {
    let mut stream = std::pin::pin!(stream);
    let mut items = Vec::new();
    while let Some(next) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        match next {
            Ok(item) => items.push(item),
            Err(e) => return (items, Some(e)),
        }
    }
    (items, None)
}

fn json(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn ids<T: serde::Serialize>(items: &[T]) -> Vec<String> {
    items.iter().map(|i| serde_json::to_value(i).unwrap()["id"].as_str().unwrap().to_owned()).collect()
}

async fn client(server: &MockServer) -> Client {
    Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap()
}

#[tokio::test]
async fn a_cursor_in_the_body_goes_back_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/items/search")).and(body_string_contains(r#""cursor":"c2""#))
        .respond_with(json(serde_json::json!({"results": [{"id": "b"}]}))).with_priority(1).mount(&server).await;
    Mock::given(method("POST")).and(path("/items/search"))
        .respond_with(json(serde_json::json!({"results": [{"id": "a"}], "next_cursor": "c2"}))).mount(&server).await;
    let (items, error) = collect(client(&server).await.search_items("x").into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a", "b"]);
}

#[tokio::test]
async fn the_link_header_names_the_next_page_on_the_same_origin_only() {
    let server = MockServer::start().await;
    let next = format!("<{}/events?per_page=1&after=a>; rel=\"next\"", server.uri());
    Mock::given(method("GET")).and(path("/events")).and(query_param("after", "a"))
        .respond_with(json(serde_json::json!([{"id": "b"}]))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/events"))
        .respond_with(json(serde_json::json!([{"id": "a"}])).insert_header("link", next.as_str())).mount(&server).await;
    let (items, error) = collect(client(&server).await.list_events().per_page(1).into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a", "b"]);

    // A next page on another origin is refused before anything is sent there.
    let elsewhere = MockServer::start().await;
    let evil = MockServer::start().await;
    let away = format!("<{}/steal>; rel=\"next\"", evil.uri());
    Mock::given(method("GET")).and(path("/events"))
        .respond_with(json(serde_json::json!([{"id": "a"}])).insert_header("link", away.as_str())).mount(&elsewhere).await;
    let (items, error) = collect(client(&elsewhere).await.list_events().into_stream()).await;
    assert_eq!(ids(&items), ["a"]);
    match error {
        Some(Error::Validation(e)) => assert!(e.to_string().contains("not on the server's origin"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(evil.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_next_url_in_the_body_is_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/logs")).and(query_param("cursor", "2"))
        .respond_with(json(serde_json::json!({"data": [{"id": "b"}], "next": ""}))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/logs"))
        .respond_with(json(serde_json::json!({"data": [{"id": "a"}], "next": "/logs?cursor=2"}))).mount(&server).await;
    let (items, error) = collect(client(&server).await.list_logs().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a", "b"]);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent[1].headers.get("authorization").unwrap(), "Bearer t", "the same origin gets the token");
}

/// A null next URL ends the listing as a missing one does; null items are none.
#[tokio::test]
async fn a_null_next_url_ends_the_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/logs")).and(query_param("cursor", "2"))
        .respond_with(json(serde_json::json!({"data": null, "next": null}))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/logs")).and(query_param("cursor", "3"))
        .respond_with(json(serde_json::json!({"data": [{"id": "never"}]}))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/logs"))
        .respond_with(json(serde_json::json!({"data": [{"id": "a"}], "next": "/logs?cursor=2"}))).mount(&server).await;
    let (items, error) = collect(client(&server).await.list_logs().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn page_numbers_stop_at_the_page_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/pages")).and(query_param("page", "2"))
        .respond_with(json(serde_json::json!({"items": [{"id": "b"}], "total_pages": 2}))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/pages"))
        .respond_with(json(serde_json::json!({"items": [{"id": "a"}], "total_pages": 2}))).mount(&server).await;
    let (items, error) = collect(client(&server).await.list_pages().per_page(1).into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "no third page past the count");
}

#[tokio::test]
async fn offsets_move_past_each_page_until_the_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/offsets")).and(query_param("offset", "2"))
        .respond_with(json(serde_json::json!({"items": [{"id": "c"}], "total": 3}))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/offsets"))
        .respond_with(json(serde_json::json!({"items": [{"id": "a"}, {"id": "b"}], "total": 3}))).mount(&server).await;
    let (items, error) = collect(client(&server).await.list_offsets().limit(2).into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_empty_page_ends_a_numbered_listing_without_a_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/offsets")).and(query_param("offset", "1"))
        .respond_with(json(serde_json::json!({"items": []}))).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/offsets"))
        .respond_with(json(serde_json::json!({"items": [{"id": "a"}]}))).mount(&server).await;
    let (items, error) = collect(client(&server).await.list_offsets().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), ["a"]);
}

/// The typed mocks answer the pages of every style: each page to the request
/// the client makes from the one before, the links written by the mock.
#[tokio::test]
async fn typed_mocks_answer_pages_of_every_style() {
    use specgen_fixture_pagination::demo::mock::MockServer as TypedMock;
    use specgen_fixture_pagination::demo::types::*;
    let item = |id: &str| Item { id: id.to_owned() };
    let items = |ids: &[&str]| ids.iter().map(|id| item(id)).collect::<Vec<_>>();
    let mock = TypedMock::start().await;
    let client = mock.client().unwrap();

    let page = |ids: &[&str]| ItemPage { items: Some(items(ids)), next_page_token: Some("ignored".into()) };
    mock.list_items().pages([page(&["a", "b"]), page(&["c"]), page(&["d"])]).times(1).await;
    let (got, error) = collect(client.list_items().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&got), ["a", "b", "c", "d"]);

    let page = |ids: &[&str]| SearchPage { results: items(ids), next_cursor: None };
    mock.search_items().pages([page(&["a"]), page(&["b"])]).times(1).await;
    let (got, error) = collect(client.search_items("q").into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&got), ["a", "b"]);

    mock.list_events().pages([items(&["a"]), items(&["b"]), items(&["c"])]).times(1).await;
    let (got, error) = collect(client.list_events().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&got), ["a", "b", "c"]);

    let page = |ids: &[&str]| LogPage { data: Some(Some(items(ids))), next: None };
    mock.list_logs().pages([page(&["a"]), page(&["b"])]).times(1).await;
    let (got, error) = collect(client.list_logs().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&got), ["a", "b"]);

    // Without a count, the mock's empty page after the last ends the listing.
    let page = |ids: &[&str]| NumberedPage { items: Some(items(ids)), total_pages: None };
    mock.list_pages().pages([page(&["a"]), page(&["b"])]).times(1).await;
    let (got, error) = collect(client.list_pages().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&got), ["a", "b"]);

    // With a count, the client stops at it; no page after the last is asked for.
    let page = |ids: &[&str]| OffsetPage { items: Some(items(ids)), total: Some(3) };
    mock.list_offsets().pages([page(&["a", "b"]), page(&["c"])]).times(1).await;
    let (got, error) = collect(client.list_offsets().into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&got), ["a", "b", "c"]);
    mock.verify().await;
}
"##;

const NESTED_LIMITS: &str = r##"
use std::collections::BTreeMap;
use specgen_fixture_nested_limits::demo::orders::PlaceOrder;
use specgen_fixture_nested_limits::demo::types::{Gift, ImageRef, Line, Unit};
use specgen_fixture_nested_limits::demo::{Client, Server};
use specgen_fixture_nested_limits::runtime::Error;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn line(quantity: i64) -> Line {
    Line { sku: "a".into(), quantity, unit: None, notes: None }
}

/// The field and reason of the validation error an order gets.
async fn refused(order: PlaceOrder) -> String {
    match order.send().await {
        Err(Error::Validation(e)) => format!("{}: {}", e.field, e.reason),
        other => panic!("{other:?}"),
    }
}

/// Each broken limit, at its depth, is refused before anything is sent and
/// named by where it is; a good order goes out.
#[tokio::test]
async fn limits_are_checked_at_every_depth_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "r1"})))
        .mount(&server)
        .await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    let order = |lines: Vec<Line>| client.place_order(lines);
    assert_eq!(refused(order(vec![line(1), line(0)])).await, "lines[1].quantity: is 0, outside the range 1..=99");
    assert_eq!(refused(order(vec![line(1); 4])).await, "lines: has 4 items, more than the 3 allowed");
    let mut noted = line(1);
    noted.notes = Some(vec!["a".into(), "b".into(), "c".into()]);
    assert_eq!(refused(order(vec![noted])).await, "lines[0].notes: has 3 items, more than the 2 allowed");
    let mut odd = line(1);
    odd.unit = Some(Unit::Other("CRATE".into()));
    let far = order(vec![line(1)]).by_warehouse(BTreeMap::from([("east".to_owned(), odd)]));
    assert_eq!(refused(far).await, r#"by_warehouse["east"].unit: must be one of PIECE, BOX"#);
    let gift = order(vec![line(1)]).gift(Gift::Line(line(100)));
    assert_eq!(refused(gift).await, "gift.quantity: is 100, outside the range 1..=99");
    assert_eq!(refused(order(vec![line(1)]).priority(6)).await, "priority: is 6, outside the range 0..=5");
    match client.place_lines(vec![line(1), line(-1)]).send().await {
        Err(Error::Validation(e)) => assert_eq!(e.field, "[1].quantity"),
        other => panic!("{other:?}"),
    }
    match client.find_orders().like(line(0)).send().await {
        Err(Error::Validation(e)) => assert_eq!(e.field, "like.quantity"),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing went out");

    order(vec![line(1), line(99)]).gift(Gift::String("ribbon".into())).send().await.unwrap();
    client.find_orders().like(line(5)).send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// The sets of fields a type needs one of: none, or two where exactly one
/// may be, is refused before sending; one set goes out.
#[tokio::test]
async fn the_sets_of_fields_a_body_needs_one_of_are_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap();
    let batch = || client.add_batch();
    match batch().label("x").send().await {
        Err(Error::Validation(e)) => assert_eq!(e.to_string(), "the body must have at least one of `file_ids`, `files`"),
        other => panic!("{other:?}"),
    }
    let both = ImageRef { url: Some("https://i.example/a.png".into()), file_id: Some("f1".into()) };
    match batch().files(vec![both]).send().await {
        Err(Error::Validation(e)) => {
            assert_eq!((e.field.as_str(), e.reason.as_str()), ("files[0]", "must have exactly one of `url`, `file_id`, and has 2 of them"))
        }
        other => panic!("{other:?}"),
    }
    match batch().file_ids(vec!["f2".into()]).tags(Vec::new()).send().await {
        Err(Error::Validation(e)) => assert_eq!(e.to_string(), "`tags` has 0 items, fewer than the 1 needed"),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing went out");
    let one = ImageRef { url: None, file_id: Some("f1".into()) };
    batch().files(vec![one]).send().await.unwrap();
    batch().file_ids(vec!["f2".into()]).send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
"##;

/// A union that holds itself through a map and an array decodes at every
/// depth and is written back as it came.
const RECURSIVE_TYPES: &str = r##"
use specgen_fixture_recursive_types::demo::types::JsonValue;

#[test]
fn a_union_that_holds_itself_through_a_map_and_an_array_round_trips() {
    let json = serde_json::json!({"a": [1, "x", {"b": [2]}], "c": "d"});
    let value: JsonValue = serde_json::from_value(json.clone()).unwrap();
    let JsonValue::JsonObject(map) = &value else { panic!("{value:?}") };
    let JsonValue::JsonList(items) = &map["a"] else { panic!("{map:?}") };
    assert_eq!(items[0], JsonValue::Integer(1));
    assert!(matches!(&items[2], JsonValue::JsonObject(inner) if matches!(&inner["b"], JsonValue::JsonList(_))));
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
}
"##;

const SECURITY: &str = r##"
use specgen_fixture_security::demo::{Client, Credentials as _, Server};
use specgen_fixture_security::runtime::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/calls"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"total": 1}"#, "application/json"))
        .mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request.headers.get(name).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn each_call_sends_what_its_operation_requires() {
    let server = server().await;
    let base = || Client::builder().server_url(Server::Default, server.uri());

    // Nothing the API's default requirement takes: refused before sending.
    let err = base().token("t").build().unwrap().list_calls().send().await.unwrap_err();
    match &err {
        Error::Auth(e) => assert!(e.to_string().contains("`client_id` and `client_secret`, or `basic`"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());

    // Basic, UTF-8: the second alternative.
    // The typed setters of the API's schemes (`Credentials`).
    let basic = base().basic_auth("AC1", "pässwörd").build().unwrap();
    basic.list_calls().send().await.unwrap();
    // Both alternatives held: the first is sent, and only it.
    let both = base().basic("basic", "AC1", "p").api_key_client_id("id-1").api_key_client_secret("s3cr3t");
    let both = both.token("tok").build().unwrap();
    both.list_calls().send().await.unwrap();
    // A public operation sends nothing, whatever the client holds.
    both.get_status().send().await.unwrap();
    // A key in the query, else the token.
    let keyed = base().api_key("query_key", "k&1").token("tok").build().unwrap();
    keyed.export_calls().send().await.unwrap();
    base().token("tok").build().unwrap().export_calls().send().await.unwrap();
    // A session cookie beside the operation's own cookie, in one header.
    let session = base().api_key("session", "abc").build().unwrap();
    session.dashboard().theme("dark").send().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6);
    // "AC1:pässwörd" in base64.
    assert_eq!(header(&requests[0], "authorization").as_deref(), Some("Basic QUMxOnDDpHNzd8O2cmQ="));
    assert_eq!(header(&requests[0], "x-client-id"), None);
    assert_eq!(header(&requests[1], "x-client-id").as_deref(), Some("id-1"));
    assert_eq!(header(&requests[1], "x-client-secret").as_deref(), Some("s3cr3t"));
    assert_eq!(header(&requests[1], "authorization"), None, "neither Basic nor the token");
    for name in ["authorization", "x-client-id", "x-client-secret", "cookie"] {
        assert_eq!(header(&requests[2], name), None, "the public operation sent `{name}`");
    }
    assert_eq!(requests[3].url.query(), Some("api_key=k%261"));
    assert_eq!(header(&requests[3], "authorization"), None);
    assert_eq!(header(&requests[4], "authorization").as_deref(), Some("Bearer tok"));
    assert_eq!(header(&requests[5], "cookie").as_deref(), Some("theme=dark; sid=abc"));

    // No secret in Debug.
    let shown = format!("{both:?}");
    assert!(!shown.contains("s3cr3t") && !shown.contains("id-1") && !shown.contains("tok\""), "{shown}");
    // A credential for a scheme the API does not have is refused when building.
    let err = base().api_key("nope", "x").build().unwrap_err();
    assert!(err.to_string().contains("no security scheme `nope`"), "{err}");
    let err = base().basic("client_id", "u", "p").build().unwrap_err();
    assert!(err.to_string().contains("another kind of credential"), "{err}");
}

#[tokio::test]
async fn credentials_come_from_the_environment() {
    std::env::set_var("DEMO_CLIENT_ID", "env-id");
    std::env::set_var("DEMO_CLIENT_SECRET", "env-secret");
    // Half a Basic credential is none.
    std::env::set_var("DEMO_BASIC_USER", "u");
    let server = server().await;
    let client = Client::builder().server_url(Server::Default, server.uri()).credentials_from_env().build().unwrap();
    client.list_calls().send().await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(sent, "x-client-id").as_deref(), Some("env-id"));
    assert_eq!(header(sent, "x-client-secret").as_deref(), Some("env-secret"));
    assert_eq!(header(sent, "authorization"), None);
}

#[tokio::test]
async fn another_origin_gets_no_credential() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&elsewhere).await;
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/dashboard"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", format!("{}/landing", elsewhere.uri())))
        .mount(&server).await;
    let client = Client::builder()
        .server_url(Server::Default, server.uri())
        .api_key("session", "abc")
        .build()
        .unwrap();
    client.dashboard().send().await.unwrap();
    let first = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(first, "cookie").as_deref(), Some("sid=abc"));
    let landed = &elsewhere.received_requests().await.unwrap()[0];
    assert_eq!(header(landed, "cookie"), None);
}

/// A key that changes each time it is asked for, as from a rotating vault.
struct Rotating(std::sync::atomic::AtomicUsize);

impl specgen_fixture_security::runtime::TokenProvider for Rotating {
    fn token(&self) -> specgen_fixture_security::runtime::TokenFuture<'_> {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move { Ok(format!("key-{n}").into()) })
    }
}

#[tokio::test]
async fn a_key_provider_is_asked_for_each_call() {
    let server = server().await;
    let client = Client::builder()
        .server_url(Server::Default, server.uri())
        .api_key_provider("query_key", Rotating(Default::default()))
        .build()
        .unwrap();
    client.export_calls().send().await.unwrap();
    client.export_calls().send().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    let keys: Vec<String> = sent.iter().map(|r| r.url.query().unwrap_or_default().to_owned()).collect();
    assert_eq!(keys, ["api_key=key-0", "api_key=key-1"]);
    assert!(!format!("{client:?}").contains("key-"), "no key in Debug");
    // A provider for a Basic scheme is refused when the client is built.
    let err = Client::builder().api_key_provider("basic", Rotating(Default::default())).build().unwrap_err();
    assert!(err.to_string().contains("another kind of credential"), "{err}");
}

#[tokio::test]
async fn the_oauth_flows_of_the_spec_run_with_its_endpoints() {
    use specgen_fixture_security::demo::OAuth;
    assert_eq!(OAuth::SCOPES, &[("calls:read", "Read calls."), ("calls:write", "Place calls.")]);
    // The authorization code flow sends the user to the spec's endpoint.
    let flow = OAuth::authorization_code("app", None, "https://app.example.com/cb");
    let authorization = flow.start(&["calls:read"]).unwrap();
    assert!(authorization.url.as_str().starts_with("https://auth.example.com/authorize?"), "{}", authorization.url);
    assert!(format!("{:?}", OAuth::refresh_token("r", "app", None)).contains("https://auth.example.com/refresh"));
    assert!(format!("{:?}", OAuth::device_code("tv", None)).contains("https://auth.example.com/device"));
    assert!(format!("{:?}", OAuth::client_credentials("app", "s")).contains("https://auth.example.com/token"));
    let password = format!("{:?}", OAuth::password("ann", "pa55", "app", None));
    assert!(password.contains("https://auth.example.com/password") && !password.contains("pa55"), "{password}");

    // Client credentials against a token server on loopback, sent as the token.
    let tokens = MockServer::start().await;
    Mock::given(method("POST")).and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"access_token":"t1","expires_in":3600}"#, "application/json"))
        .expect(1).mount(&tokens).await;
    let server = server().await;
    let provider = OAuth::client_credentials("app", "s").scopes(["calls:read"]).token_url(format!("{}/token", tokens.uri()));
    let client = Client::builder().server_url(Server::Default, server.uri()).token_provider(provider).build().unwrap();
    client.export_calls().send().await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(sent, "authorization").as_deref(), Some("Bearer t1"));

    // The builder's setter takes the same flow; the discovery reads the spec's URL.
    let _ = Client::builder().oauth_client_credentials("app", "s").oauth_refresh_token("r", "app", None);
    let _ = Client::builder().oauth_password("ann", "pa55", "app", None);
    let _discover = OAuth::discover();
}
"##;

/// Null where the spec allows it: items, map values, an alias, each kept
/// apart from absence and written back as it came.
const NULLABLE_FIELDS: &str = r##"
use specgen_fixture_nullable_fields::demo::types::Person;

#[test]
fn nulls_inside_arrays_maps_and_aliases_round_trip() {
    let json = serde_json::json!({
        "id": 1, "email": null, "manager": null,
        "ratings": [1, null, 3], "labels": {"a": null, "b": "x"}, "grid": [null, "c"]
    });
    let person: Person = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(person.ratings, Some(vec![Some(1), None, Some(3)]));
    assert_eq!(person.labels.as_ref().unwrap()["a"], None);
    assert_eq!(person.manager, None);
    assert_eq!(person.grid, Some(vec![None, Some("c".to_owned())]));
    assert_eq!(serde_json::to_value(&person).unwrap(), json);
    // A field that is always null says something by being there.
    assert_eq!(person.booster, None);
    let boosting: Person = serde_json::from_value(serde_json::json!({"id": 1, "email": null, "manager": null, "booster": null})).unwrap();
    assert_eq!(boosting.booster, Some(None));
    assert_eq!(serde_json::to_value(&boosting).unwrap()["booster"], serde_json::Value::Null);
    assert!(serde_json::to_value(&boosting).unwrap().as_object().unwrap().contains_key("booster"));
    assert!(serde_json::from_value::<Person>(serde_json::json!({"id": 1, "email": null, "manager": null, "booster": 1})).is_err());
    // Items that may not be null still refuse it.
    let bad = serde_json::json!({"id": 1, "email": null, "manager": "m", "scores": [1.5, null]});
    assert!(serde_json::from_value::<Person>(bad).is_err());
}
"##;

const SEVERAL_RESPONSES: &str = r#"
use specgen_fixture_several_responses::demo::{photos::ExportResponse, Client, Server};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().token("t").server_url(Server::Default, server.uri()).build().unwrap()
}

#[tokio::test]
async fn each_success_status_gives_its_own_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/records/1/photo"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-type", "image/png").set_body_bytes(b"png".to_vec()))
        .mount(&server).await;
    Mock::given(method("GET")).and(path("/records/2/photo"))
        .respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("DELETE")).and(path("/records/1/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "status": "deleted" })))
        .mount(&server).await;
    Mock::given(method("DELETE")).and(path("/records/2/photo"))
        .respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("POST")).and(path("/export"))
        .respond_with(ResponseTemplate::new(202).set_body_json(serde_json::json!({ "job_id": "j1" })))
        .mount(&server).await;
    let client = client(&server);

    let photo = client.get_photo(1).send().await.unwrap().expect("a photo");
    assert_eq!(photo.content_type(), Some("image/png"));
    assert_eq!(&photo.collect_bytes().await.unwrap()[..], b"png");
    assert!(client.get_photo(2).send().await.unwrap().is_none(), "204: no photo");

    let deleted = client.delete_photo(1).send().await.unwrap().expect("a body");
    assert_eq!(deleted.status.as_deref(), Some("deleted"));
    assert!(client.delete_photo(2).send().await.unwrap().is_none(), "204 is not a decode error");

    match client.export().send().await.unwrap() {
        ExportResponse::Accepted(queued) => assert_eq!(queued.job_id, "j1"),
        other => panic!("expected the 202 variant, got {other:?}"),
    }
}
"#;

/// Every fixture, and a copy of `spec/` grown by a new group, as crates of
/// one scratch workspace. Each gets the emitted conformance test
/// (`tests/every_operation.rs`): every operation of its spec called with
/// example values against a local server, every documented error decoded as
/// its own variant.
#[test]
fn every_fixture_compiles_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    let mut add = |name: &str, spec: &Path| {
        let model = specgen::Generator::new(spec).check().unwrap();
        let krate = scratch.path().join(name);
        let crate_name = format!("specgen_fixture_{name}");
        specgen::Generator::new(spec).crate_name(&crate_name).generate(krate.join("generated")).unwrap();
        let features: Vec<String> = model.apis.iter().map(|a| format!("\"{}\"", a.feature)).collect();
        let feature_list: String = specgen::manifest::features(&model).iter().map(|f| format!("{f} = []\n")).collect();
        let runtime = root.join("runtime").display().to_string();
        std::fs::write(
            krate.join("Cargo.toml"),
            format!(
                "[package]\nname = \"specgen-fixture-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [lib]\npath = \"generated/lib.rs\"\n\n[features]\ndefault = [{}]\n{feature_list}\n\
                 [dependencies]\nspecgen-runtime = {{ path = {runtime:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
                 [dev-dependencies]\nserde = \"1\"\nserde_json = \"1\"\nwiremock = \"0.6\"\n\
                 tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }}\n\
                 specgen-runtime = {{ path = {runtime:?}, features = [\"mock\"] }}\n",
                name.replace('_', "-"),
                features.join(", "),
            ),
        )
        .unwrap();
        std::fs::create_dir_all(krate.join("tests")).unwrap();
        std::fs::write(krate.join("tests/every_operation.rs"), specgen::conformance_test(&model, &crate_name)).unwrap();
        let behaviour = match name {
            "awkward_identifiers" => Some(ROUNDTRIP),
            "several_responses" => Some(SEVERAL_RESPONSES),
            "maps" => Some(MAPS),
            "one_of" => Some(ONE_OF),
            "multipart" => Some(MULTIPART),
            "query_arrays" => Some(QUERY_ARRAYS),
            "binary_response" => Some(BINARY_RESPONSE),
            "nullable_fields" => Some(NULLABLE_FIELDS),
            "event_stream" => Some(EVENT_STREAM),
            "typed_errors" => Some(TYPED_ERRORS),
            "security" => Some(SECURITY),
            "pagination" => Some(PAGINATION),
            "nested_limits" => Some(NESTED_LIMITS),
            "recursive_types" => Some(RECURSIVE_TYPES),
            _ => None,
        };
        if let Some(test) = behaviour {
            std::fs::write(krate.join("tests/behaviour.rs"), test).unwrap();
        }
        members.push(format!("{name:?}"));
        model
    };
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let fixture = entry.unwrap().file_name().to_string_lossy().into_owned();
        add(&fixture, &root.join("tests/fixtures").join(&fixture));
    }
    let (_copy, spec) = common::spec_copy();
    // A new group, and new types and operations in every existing group of
    // every API, with one operation of each API gone: nothing hand-written
    // needs an edit for the crate to build, pass clippy and its tests.
    common::add_new_group(&spec);
    let removed = common::grow_existing_groups(&spec);
    assert!(removed.len() >= 2, "{removed:?}");
    let grown = add("seed_spec_and_a_new_group", &spec);
    for api in &grown.apis {
        for group in &api.groups {
            let added = format!("get_grown_{}_note", group.module);
            assert!(group.operations.iter().any(|o| o.name == added) || group.module == "webinars", "{added}");
            assert!(group.operations.iter().all(|o| !removed.contains(&o.id)), "{}", group.module);
        }
    }
    // The OpenAPI fixtures, imported: import → generate → compile → conformance.
    let imports = tempfile::tempdir().unwrap();
    for (api, document) in [
        ("shop", "shop_3_0.yaml"),
        ("split", "split/main.json"),
        ("pets", "layout/openapi.yaml"),
        ("box", "edges_3_0.yaml"),
        ("shapes", "schemas_3_1.yaml"),
    ] {
        let spec = imports.path().join(api);
        let imported = specgen::import::Importer::new(api)
            .document(root.join("tests/openapi").join(document))
            .ref_map("https://schemas.example.com/shared/v2/", root.join("tests/openapi/layout_remote"));
        imported.import().unwrap().write(&spec, false).unwrap();
        add(&format!("imported_{api}"), &spec);
    }
    members.sort();
    std::fs::write(
        scratch.path().join("Cargo.toml"),
        format!("[workspace]\nmembers = [{}]\nresolver = \"2\"\n", members.join(", ")),
    )
    .unwrap();
    // Reuse this workspace's lock file, so the scratch crates build with the same versions.
    std::fs::copy(root.join("Cargo.lock"), scratch.path().join("Cargo.lock")).unwrap();
    let started = std::time::Instant::now();
    let run = |args: &[&str]| {
        scratch::progress(started, &format!("cargo {} ({} scratch crates)", args.join(" "), members.len()));
        let out = scratch::cargo(scratch.path()).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "cargo {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    // Each group compiles alone with its own feature, the types it uses and
    // its mock methods included: the n-th group of every API in one run.
    let most = grown.apis.iter().map(|api| api.groups.len()).max().unwrap_or(0);
    for n in 0..most {
        let mut features: Vec<&str> =
            grown.apis.iter().filter_map(|api| api.groups.get(n)).map(|g| g.feature.as_str()).collect();
        features.push("specgen-runtime/mock");
        let features = features.join(",");
        let package = "specgen-fixture-seed-spec-and-a-new-group";
        run(&[
            "clippy",
            "-p",
            package,
            "--lib",
            "--no-default-features",
            "--features",
            &features,
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]);
    }
    // Every fixture's doctests (its operations' examples) compile too.
    run(&["test", "--workspace", "--quiet"]);
}
