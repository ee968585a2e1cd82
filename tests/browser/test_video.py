"""The demo video plays in the browser, from this site, with its captions."""

from resources.management.commands.make_demo_video import SLIDES

LOAD_VIDEO_AND_CAPTIONS = """async () => {
    const video = document.querySelector("video");
    const track = video.textTracks[0];
    track.mode = "hidden";  // load the cues whatever the player shows
    video.preload = "auto";
    video.load();
    const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let i = 0; i < 100 && video.readyState < 2; i++) await wait(100);
    for (let i = 0; i < 100 && !(track.cues && track.cues.length); i++) await wait(100);
    return {
        readyState: video.readyState,
        duration: video.duration,
        width: video.videoWidth,
        height: video.videoHeight,
        kind: track.kind,
        cues: Array.from(track.cues || [], (cue) => [cue.startTime, cue.endTime, cue.text]),
    };
}"""


def test_the_demo_video_and_its_captions_load_from_this_site(page, live_site):
    page.goto(live_site.url + "/resources/who-can-you-tell-video/")
    loaded = page.evaluate(LOAD_VIDEO_AND_CAPTIONS)
    assert loaded["readyState"] >= 2, loaded  # the first picture is decoded
    assert loaded["duration"] == sum(seconds for _slug, seconds, _words in SLIDES)
    assert (loaded["width"], loaded["height"]) == (480, 480)
    assert loaded["kind"] == "captions"
    assert [text for _start, _end, text in loaded["cues"]] == [words for *_, words in SLIDES]
    assert page.offsite_requests == []
    assert page.console_errors == []  # a Content-Security-Policy refusal would show here
    assert page.broken_resources == []
