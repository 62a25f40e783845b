export { demoPresence, publicPageReads, seedDemo } from './dashboard.demo';
export { dashboardRoutes } from './dashboard.routes';
