# The API image: builds the workspace, then runs the built API (which also serves the dashboard).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/domain/package.json libs/domain/package.json
RUN npm ci
COPY . .
RUN npx nx run-many -t build --projects=domain,api,dashboard --output-style=static

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/libs/domain/package.json libs/domain/package.json
COPY --from=build /app/libs/domain/dist libs/domain/dist
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
