/* Whole Place host script: resizes each Whole Place frame on your page to fit its content, so the
 * reader never scrolls inside a scroll. Put it after the frame (docs/embedding.md):
 *
 *   <script src="https://YOUR-EXPLORER/embed.js" defer></script>
 *
 * It listens for one message shape, sent by the explorer in embed mode (`?embed=1`) whenever its
 * height changes:  { type: "whole-place:height", height: <CSS pixels>, version: 1 }
 * and accepts it only from the window of an <iframe> on this page whose own address has the same
 * origin as the message. Nothing else is read, stored or sent. No dependencies. */
(function () {
  'use strict';
  var MAX_HEIGHT = 100000;

  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  function originOf(address) {
    try {
      return new URL(address, document.baseURI).origin;
    } catch (error) {
      return null;
    }
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object') return;
    if (data.type !== 'whole-place:height' || data.version !== 1) return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height) || height <= 0 || height > MAX_HEIGHT) return;
    var frame = frameOf(event.source);
    if (!frame || originOf(frame.src) !== event.origin) return;
    frame.style.height = Math.ceil(height) + 'px';
    frame.style.border = '0';
  });
})();
