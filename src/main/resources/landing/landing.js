// The landing page's script. Honest by construction:
// - the link is opened by this script (the handshake), never by fetching the page;
// - nothing plays until the person presses Start (no autoplay);
// - STARTED on the video's first real "playing", quartiles and COMPLETED only when the played
//   ranges (not the playhead) cover them; skipped parts never count;
// - events are batched, resent until the service has them (it de-duplicates by id), and the last
//   ones leave with sendBeacon when the page is hidden.
// Light on a slow network: this script and the style are in the page itself; the browser plays HLS
// itself where it can (Safari, Chrome); only where it cannot is hls.js (about 100 KB) fetched, in
// the background once Start is shown, so it is never on the way to Start. The playlists are
// fetched then too: after Start, only the first segment is left to download.
(function () {
  'use strict';
  var root = document.getElementById('landing');
  if (!root || root.dataset.state !== 'ready') {
    return;
  }
  var base = '/w/' + location.pathname.split('/')[2];
  var video = document.getElementById('video');
  var start = document.getElementById('start');
  var message = document.getElementById('message');
  var player = document.getElementById('player');
  var session = null;
  var media = null;
  var hls = null;
  var queue = [];
  var reached = {};
  var started = false;
  var paused = false;
  var waitingSince = null;
  var lastPosition = 0;
  var pressedAt = null;
  var nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';
  var hlsLibrary = null;

  function round(value) {
    return Math.round(value * 1000) / 1000;
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function playedRanges() {
    var ranges = [];
    for (var i = 0; i < video.played.length; i++) {
      ranges.push([round(video.played.start(i)), round(video.played.end(i))]);
    }
    return ranges;
  }

  // Share of the first `fraction` of the video that was actually played.
  function coverage(fraction) {
    var end = video.duration * fraction;
    if (!isFinite(end) || end <= 0) {
      return 0;
    }
    var total = 0;
    playedRanges().forEach(function (r) { total += Math.max(0, Math.min(r[1], end) - r[0]); });
    return total / end;
  }

  function record(type, extra) {
    var event = {
      id: randomId(), type: type, timestamp: new Date().toISOString(),
      position: round(video.currentTime || 0), played: playedRanges()
    };
    if (isFinite(video.duration) && video.duration > 0) {
      event.duration = round(video.duration);
    }
    Object.keys(extra || {}).forEach(function (k) { event[k] = extra[k]; });
    queue.push(event);
  }

  // Sends what is queued; a batch that did not arrive goes back to the front of the queue.
  function flush(leaving) {
    if (!session || queue.length === 0) {
      return;
    }
    var batch = queue.splice(0, 50);
    var body = JSON.stringify({ sessionId: session.sessionId, sessionKey: session.sessionKey, events: batch });
    if (leaving && navigator.sendBeacon && navigator.sendBeacon(base + '/events', new Blob([body], { type: 'text/plain' }))) {
      return;
    }
    fetch(base + '/events', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body, keepalive: true })
      .then(function (response) {
        if (response.status >= 500 || response.status === 429) {
          throw new Error('retry');
        }
      })
      .catch(function () { queue = batch.concat(queue); });
  }

  function say(text) {
    message.textContent = text;
  }

  // A busy service (503 with Retry-After: too many viewers at once) is asked again a few times.
  function handshake(attempt) {
    attempt = attempt || 1;
    fetch(base + '/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(function (response) {
        if (response.status === 503 && attempt < 4) {
          var seconds = parseInt(response.headers.get('Retry-After'), 10);
          setTimeout(function () { handshake(attempt + 1); }, (seconds > 0 ? seconds : 2) * 1000);
          return null;
        }
        if (response.status === 410) {
          return response.json().then(function (error) {
            say(error.error === 'link_expired' ? root.dataset.expired : root.dataset.revoked);
            return null;
          });
        }
        if (!response.ok) {
          throw new Error('handshake ' + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        if (!answer) {
          return;
        }
        session = answer;
        media = answer.media;
        start.hidden = false;
        scheduleRefresh();
        prefetchPlaylists();
        if (needsHlsLibrary()) {
          setTimeout(function () { loadHlsLibrary().catch(function () { hlsLibrary = null; }); }, 0);
        }
      })
      .catch(function () { say(root.dataset.error); });
  }

  // Once Start is shown (never before: nothing the caller did not ask for is on the way to Start),
  // the two small playlists a player reads before its first segment, at once: the master and the
  // lowest rendition's (the sample's: 2.6 KB together on the wire, what a caller who never presses
  // Start pays; kept by this browser for a few seconds). The player,
  // Chrome's, Safari's or hls.js, then takes them from the cache, or joins a fetch still under
  // way, and after Start only the first segment is left. No media before Start: no autoplay, and
  // callers are on metered data (the page only opened a connection to the media store: preconnect).
  function prefetchPlaylists() {
    if (!media.hls) {
      return;
    }
    [media.hls, media.hlsStart].forEach(function (url) {
      if (url) {
        fetch(url).catch(function () { /* the player fetches it itself */ });
      }
    });
  }

  // Presigned URLs are short-lived: fetch fresh ones at 80 % of their life, while the session lasts.
  function scheduleRefresh() {
    var wait = (Date.parse(media.expiresAt) - Date.now()) * 0.8;
    setTimeout(function () {
      fetch(base + '/media?s=' + encodeURIComponent(session.sessionId))
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (fresh) {
          if (fresh) {
            media = fresh;
            scheduleRefresh();
          }
        });
    }, Math.max(wait, 5000));
  }

  // HLS through Media Source Extensions, for browsers that cannot play it themselves (Firefox).
  function needsHlsLibrary() {
    return Boolean(media.hls) && !nativeHls && Boolean(window.MediaSource || window.ManagedMediaSource);
  }

  // The light build of hls.js, from this service (a versioned URL, cached for a year), checked
  // against the integrity hash the page names.
  function loadHlsLibrary() {
    if (!hlsLibrary) {
      hlsLibrary = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = root.dataset.hlsSrc;
        script.integrity = root.dataset.hlsIntegrity;
        script.onload = function () { resolve(window.Hls); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return hlsLibrary;
  }

  function useMp4(at) {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    video.src = media.mp4;
    if (media.captions && !video.querySelector('track')) {
      var track = document.createElement('track');
      track.kind = 'captions';
      track.label = root.dataset.captions;
      track.src = media.captions;
      track.srclang = media.captionsLanguage || document.documentElement.lang.split('-')[0];
      track.default = true;
      video.appendChild(track);
    }
    if (at) {
      video.currentTime = at;
    }
    return video.play();
  }

  function playWithHlsLibrary(Hls) {
    if (!Hls || !Hls.isSupported()) {
      return useMp4(0);
    }
    // Start on the lowest rendition: the first frame comes from the smallest first segment, then
    // the bitrate adapts to what the downloads show.
    hls = new Hls({ capLevelToPlayerSize: true, startLevel: 0 });
    hls.on(Hls.Events.ERROR, function (name, data) {
      if (!data.fatal) {
        return;
      }
      record('ERROR', { detail: 'hls ' + data.type + ' ' + data.details });
      // Expired segment URLs: reload the playlists (freshly presigned) and carry on from here.
      var at = video.currentTime;
      if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
        hls.loadSource(media.hls);
        hls.startLoad(at);
      } else {
        useMp4(at).catch(function () { say(root.dataset.error); });
      }
    });
    hls.loadSource(media.hls);
    hls.attachMedia(video);
    return video.play();
  }

  function play() {
    var attempt;
    if (media.hls && nativeHls) {
      // Safari, Chrome: the browser's own HLS player (the service lists the lowest rendition first).
      video.src = media.hls;
      attempt = video.play();
    } else if (needsHlsLibrary()) {
      // Usually loaded while the person read the page; if not, the rest of it now, or the MP4.
      attempt = loadHlsLibrary().then(playWithHlsLibrary, function () { return useMp4(0); });
    } else {
      attempt = useMp4(0);
    }
    attempt.catch(function (error) {
      if (error && error.name === 'NotAllowedError') {
        record('AUTOPLAY_BLOCKED');
      }
    });
  }

  start.addEventListener('click', function () {
    record('START_CLICKED');
    pressedAt = performance.now();
    start.hidden = true;
    player.hidden = false;
    // The button is gone: keyboard and screen-reader focus moves to the player, not to the page's top.
    video.focus();
    say(root.dataset.loading);
    play();
    flush();
  });

  video.addEventListener('playing', function () {
    if (!started) {
      started = true;
      say('');
      // The video's startup time as this caller saw it (Start pressed -> playing).
      record('STARTED', { startupMs: Math.round(performance.now() - pressedAt) });
      flush();
    } else if (waitingSince !== null) {
      record('REBUFFER', { rebufferMs: Math.round(performance.now() - waitingSince) });
    }
    waitingSince = null;
    if (paused) {
      paused = false;
      record('RESUMED');
    }
  });
  video.addEventListener('pause', function () {
    if (started && !video.ended) {
      paused = true;
      record('PAUSED');
    }
  });
  video.addEventListener('waiting', function () {
    if (started && waitingSince === null) {
      waitingSince = performance.now();
    }
  });
  video.addEventListener('seeked', function () {
    if (started) {
      record('SEEKED', { detail: 'from ' + round(lastPosition) + ' s' });
    }
  });
  video.addEventListener('timeupdate', function () {
    if (!video.seeking) {
      lastPosition = video.currentTime;
    }
    [25, 50, 75].forEach(function (q) {
      if (!reached[q] && video.currentTime >= video.duration * q / 100
          && coverage(q / 100) >= session.completionThreshold) {
        reached[q] = true;
        record('QUARTILE_' + q);
      }
    });
  });
  video.addEventListener('ended', function () {
    record(coverage(1) >= session.completionThreshold ? 'COMPLETED' : 'ENDED');
    flush();
  });
  // A progressive MP4 whose presigned URL ended mid-way: carry on from the same second with a
  // fresh one (a few times at most, then say so).
  var mp4Retries = 0;
  video.addEventListener('error', function () {
    record('ERROR', { detail: 'media error ' + (video.error ? video.error.code : 0) });
    if (hls || !started || mp4Retries >= 3) {
      say(root.dataset.error);
      return;
    }
    mp4Retries++;
    fetch(base + '/media?s=' + encodeURIComponent(session.sessionId))
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (fresh) {
        media = fresh;
        return useMp4(lastPosition);
      })
      .catch(function () { say(root.dataset.error); });
  });

  setInterval(flush, 2000);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      flush(true);
    }
  });
  window.addEventListener('pagehide', function () { flush(true); });
  handshake();
}());
