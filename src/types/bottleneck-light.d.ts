// bottleneck's light build (no Redis clustering) is what @octokit/plugin-throttling uses; it has
// the same API as the full build, whose types it lacks.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
