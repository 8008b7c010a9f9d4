/* A page in another website's frame (hub/site/embed.py) tells that page how
   tall it is, whenever that changes (filters, a narrower window, fonts), so
   the partner's script (on "Put this on your website") can size the frame
   to fit and the page scrolls as one. Only the height is sent; the partner's
   address is not known here, so it goes to any parent, which checks that it
   came from the hub. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var sent = 0;

  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ type: "hub-embed-height", height: height }, "*");
  }

  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  send();
})();
